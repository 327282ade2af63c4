"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import type { KeptLabSettings } from "@/lib/labs/kept-lab-store";
import type { KEPT_LAB_BOUNDS } from "@/lib/labs/kept-labs";
import { LAB_LIMITS } from "@/lib/labs/lab-limits";

const GIB = 1024 ** 3;

/** Gigabytes as the field shows them: binary, as the lab page states a lab's disk, to a tenth at most. */
const toGb = (bytes: number) => Math.round((bytes / GIB) * 10) / 10;

/** How long a closed lab is kept and the disk each learner's kept labs may take; the server checks both. */
export function KeptLabSettingsForm({ initial, bounds }: { initial: KeptLabSettings; bounds: typeof KEPT_LAB_BOUNDS }) {
  const router = useRouter();
  const { busy, error, send } = useSend();
  const [saved, setSaved] = useState("");

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const keptDays = Number(form.get("keptDays"));
    const gb = Number(form.get("keptGb"));
    setSaved("");
    const answer = await send<KeptLabSettings>(
      "PUT",
      "/api/admin/lab-settings",
      { keptDays, keptBytesPerUser: Number.isFinite(gb) ? Math.round(gb * GIB) : gb },
      "The settings were not saved",
    );
    if (!answer) return;
    const { keptDays: days, keptBytesPerUser: bytes } = answer.data;
    setSaved(
      `Saved: a closed lab is kept ${days} day${days === 1 ? "" : "s"}, and each learner's kept labs may take ` +
        `${toGb(bytes)} GB. Labs already kept keep their dates.`,
    );
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-3 grid max-w-xl gap-4" data-testid="kept-lab-settings-form">
      <div>
        <label htmlFor="kept-days" className="block text-sm font-medium">
          Keep a closed lab for (days)
        </label>
        <input
          id="kept-days"
          name="keptDays"
          type="number"
          inputMode="numeric"
          required
          min={bounds.keptDays.min}
          max={bounds.keptDays.max}
          step={1}
          defaultValue={initial.keptDays}
          aria-describedby="kept-days-hint"
          className={`${FIELD} mt-1 w-32`}
        />
        <p id="kept-days-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          From {bounds.keptDays.min} to {bounds.keptDays.max}. Counted from each close; resuming a lab and closing it
          again starts the days anew.
        </p>
      </div>
      <div>
        <label htmlFor="kept-gb" className="block text-sm font-medium">
          Disk each learner may use for kept labs (GB)
        </label>
        <input
          id="kept-gb"
          name="keptGb"
          type="number"
          inputMode="decimal"
          required
          min={toGb(bounds.keptBytesPerUser.min)}
          max={toGb(bounds.keptBytesPerUser.max)}
          step="any"
          defaultValue={toGb(initial.keptBytesPerUser)}
          aria-describedby="kept-gb-hint"
          className={`${FIELD} mt-1 w-32`}
        />
        <p id="kept-gb-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          From {toGb(bounds.keptBytesPerUser.min)} to {toGb(bounds.keptBytesPerUser.max)} GB, for all of a
          learner&apos;s kept labs together; a lab&apos;s disk is at most {toGb(LAB_LIMITS.diskBytes)} GB. When a lab
          closes, the learner&apos;s oldest kept labs make room for it; 0 keeps none.
        </p>
      </div>
      <div>
        <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
      <p role="status" className="text-sm text-green-800 dark:text-green-300" data-testid="kept-lab-settings-saved">
        {saved}
      </p>
      <Alert className="text-sm" message={error} testId="kept-lab-settings-error" />
    </form>
  );
}
