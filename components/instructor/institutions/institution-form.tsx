"use client";

import { useState } from "react";
import { FIELD, FIELD_LABEL, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useSaveForm } from "@/components/http/save-form";
import { TextFields } from "@/components/http/text-fields";
import type { InstitutionView } from "@/lib/institutions/institutions";

const NAME_FIELD = [{ name: "name", label: "Name on the sign-in button", placeholder: "Example University" }] as const;
const OIDC_FIELDS = [
  { name: "issuer", label: "Issuer URL", placeholder: "https://login.microsoftonline.com/<tenant id>/v2.0" },
  { name: "clientId", label: "Client ID", placeholder: "00000000-0000-0000-0000-000000000000" },
] as const;

const PROTOCOLS = [
  ["oidc", "OpenID Connect"],
  ["saml", "SAML 2.0 (Shibboleth, ADFS)"],
] as const;

/** An institution as its edit form starts: never its client secret, nor its SAML metadata (replaced only if pasted). */
type InstitutionInitial = Pick<InstitutionView, "id" | "name" | "protocol" | "issuer" | "emailDomains" | "enabled"> & {
  clientId: string;
};

/**
 * Sets up an institution's sign-in, or changes `initial`: the server checks every field and names the one that is
 * wrong; what was typed stays. Left empty on a change, the client secret and SAML metadata stay as stored.
 */
export function InstitutionForm({ initial }: { initial?: InstitutionInitial }) {
  const { busy, save, result } = useSaveForm();
  const [protocol, setProtocol] = useState<InstitutionView["protocol"]>(initial?.protocol ?? "oidc");
  const [fileNote, setFileNote] = useState("");

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? "");
    const common = {
      protocol,
      name: text("name"),
      emailDomains: text("emailDomains")
        .split(/[\s,]+/)
        .filter(Boolean),
      enabled: form.get("enabled") === "on",
    };
    const body =
      protocol === "saml"
        ? { ...common, metadataXml: text("metadataXml") }
        : { ...common, issuer: text("issuer"), clientId: text("clientId"), clientSecret: text("clientSecret") };
    const saved = await save(
      initial ? "PUT" : "POST",
      initial ? `/api/admin/institutions/${encodeURIComponent(initial.id)}` : "/api/admin/institutions",
      body,
      initial ? `Saved the changes to ${body.name}.` : `Set up ${body.name}.`,
    );
    // The secret is not kept in the page once sent, whether the form stays (a change) or empties (a new one).
    const secret = element.elements.namedItem("clientSecret");
    if (saved && secret instanceof HTMLInputElement) secret.value = "";
    if (saved && !initial) element.reset();
  }

  // Ids stay unique with one edit form per institution on the page.
  const prefix = initial ? `institution-${initial.id}-` : "institution-";
  return (
    <form
      onSubmit={submit}
      className="mt-3 grid max-w-2xl gap-3"
      data-testid={initial ? `institution-edit-${initial.id}` : "institution-form"}
    >
      {initial ? (
        <p className="text-sm">
          Protocol: <strong>{protocol === "saml" ? "SAML 2.0" : "OpenID Connect"}</strong>
        </p>
      ) : (
        <fieldset>
          <legend className={FIELD_LABEL}>How the institution signs people in</legend>
          <div className="mt-1 flex flex-wrap gap-4 text-sm">
            {PROTOCOLS.map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="protocol"
                  value={value}
                  checked={protocol === value}
                  onChange={() => setProtocol(value)}
                  className="h-4 w-4"
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TextFields fields={NAME_FIELD} idPrefix={prefix} values={initial} />
      {protocol === "oidc" ? (
        <>
          <TextFields fields={OIDC_FIELDS} idPrefix={prefix} values={initial} />
          <div>
            <label htmlFor={`${prefix}clientSecret`} className={FIELD_LABEL}>
              Client secret
            </label>
            <input
              id={`${prefix}clientSecret`}
              name="clientSecret"
              type="password"
              autoComplete="off"
              required={!initial}
              aria-describedby={initial ? `${prefix}clientSecret-note` : undefined}
              className={`${FIELD} w-full`}
            />
            {initial && (
              <p id={`${prefix}clientSecret-note`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                Stored and never shown. Leave it empty to keep the current secret.
              </p>
            )}
          </div>
        </>
      ) : (
        <div>
          <label htmlFor={`${prefix}metadataXml`} className={FIELD_LABEL}>
            IdP metadata XML
          </label>
          <textarea
            id={`${prefix}metadataXml`}
            name="metadataXml"
            rows={6}
            required={!initial}
            spellCheck={false}
            placeholder='<EntityDescriptor entityID="https://idp.example.edu/idp/shibboleth" …>'
            aria-describedby={`${prefix}metadataXml-note`}
            className={`${FIELD} w-full font-mono text-xs`}
          />
          <p id={`${prefix}metadataXml-note`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            The IdP&apos;s own metadata (one EntityDescriptor), pasted or read from its file below.
            {initial && " Leave it empty to keep the current metadata."}
          </p>
          <label htmlFor={`${prefix}metadataFile`} className={`${FIELD_LABEL} mt-2`}>
            Or read the metadata from a file
          </label>
          <input
            id={`${prefix}metadataFile`}
            type="file"
            accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
            className="mt-1 text-sm"
            onChange={async (event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              const area = input.form?.elements.namedItem("metadataXml");
              if (!file || !(area instanceof HTMLTextAreaElement)) return;
              // Read here, in the browser, into the same field: the server sees pasted text either way.
              area.value = await file.text();
              setFileNote(`Read ${file.name} into the metadata field.`);
            }}
          />
          <p role="status" className="mt-1 text-xs">
            {fileNote}
          </p>
        </div>
      )}
      <div>
        <label htmlFor={`${prefix}emailDomains`} className={FIELD_LABEL}>
          E-mail domains the provider vouches for (one per line)
        </label>
        <textarea
          id={`${prefix}emailDomains`}
          name="emailDomains"
          defaultValue={initial?.emailDomains.join("\n")}
          rows={2}
          placeholder="example.edu"
          aria-describedby={`${prefix}emailDomains-note`}
          className={`${FIELD} w-full`}
        />
        <p id={`${prefix}emailDomains-note`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          A first sign-in links to an existing Dockyard account with the same e-mail only when the provider says the
          address is verified and it is in one of these domains.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <input
          id={`${prefix}enabled`}
          name="enabled"
          type="checkbox"
          defaultChecked={initial?.enabled ?? true}
          className="h-4 w-4"
        />
        <label htmlFor={`${prefix}enabled`} className="text-sm">
          Sign-in on: its button shows on the sign-in page
        </label>
      </div>
      <div>
        <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
          {initial ? "Save changes" : "Set up the institution"}
        </button>
      </div>
      {result(initial ? `institution-saved-${initial.id}` : "institution-saved")}
    </form>
  );
}
