"use client";

import { FIELD, FIELD_LABEL, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useSaveForm } from "@/components/http/save-form";
import { TextFields } from "@/components/http/text-fields";
import type { PlatformFields } from "@/lib/lti/platform-fields";

const FIELDS = [
  { name: "name", label: "Name", placeholder: "University Canvas" },
  { name: "issuer", label: "Issuer (iss)", placeholder: "https://canvas.instructure.com" },
  { name: "clientId", label: "Client ID", placeholder: "10000000000001" },
  {
    name: "authLoginUrl",
    label: "Authorization endpoint",
    placeholder: "https://sso.canvaslms.com/api/lti/authorize_redirect",
  },
  { name: "tokenUrl", label: "Access token URL", placeholder: "https://sso.canvaslms.com/login/oauth2/token" },
  { name: "jwksUrl", label: "Keyset URL", placeholder: "https://sso.canvaslms.com/api/lti/security/jwks" },
] as const;

/**
 * Registers an LMS, or changes `initial`: the server checks every field (lib/lti/platform-fields.ts) and names the one
 * that is wrong; what was typed stays. A new registration empties the form, so it is not sent twice.
 */
export function PlatformForm({ initial }: { initial?: PlatformFields & { id: string } }) {
  const { busy, save, result } = useSaveForm();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const body = Object.fromEntries(FIELDS.map((f) => [f.name, String(form.get(f.name) ?? "")]));
    const deploymentIds = String(form.get("deploymentIds") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const saved = await save(
      initial ? "PUT" : "POST",
      initial ? `/api/admin/lti/platforms/${encodeURIComponent(initial.id)}` : "/api/admin/lti/platforms",
      { ...body, deploymentIds },
      initial ? `Saved the changes to ${body.name}.` : `Registered ${body.name}.`,
    );
    if (saved && !initial) element.reset();
  }

  // Ids stay unique with one edit form per registration on the page.
  const prefix = initial ? `lti-${initial.id}-` : "lti-";
  return (
    <form
      onSubmit={submit}
      className="mt-3 grid max-w-2xl gap-3"
      data-testid={initial ? `lti-platform-edit-${initial.id}` : "lti-platform-form"}
    >
      <TextFields fields={FIELDS} idPrefix={prefix} values={initial} />
      <div>
        <label htmlFor={`${prefix}deploymentIds`} className={FIELD_LABEL}>
          Deployment IDs (one per line)
        </label>
        <textarea
          id={`${prefix}deploymentIds`}
          name="deploymentIds"
          defaultValue={initial?.deploymentIds.join("\n")}
          required
          rows={2}
          className={`${FIELD} w-full`}
        />
      </div>
      <div>
        <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
          {initial ? "Save changes" : "Register the LMS"}
        </button>
      </div>
      {result(initial ? `lti-platform-saved-${initial.id}` : "lti-platform-saved")}
    </form>
  );
}
