import { PART_TITLES, WARM_UP_PARTS, type WarmUp, type WarmUpState } from "@/lib/platform/warm-up";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";

const STATE: Record<WarmUpState, [text: string, tone: string]> = {
  warming: ["Warming up", "text-amber-700 dark:text-amber-300"],
  ready: ["Ready", "text-emerald-700 dark:text-emerald-300"],
  failed: ["Failed", "text-red-700 dark:text-red-300"],
  off: ["Off", "text-slate-600 dark:text-slate-400"],
};

/** "42 s", "3 min". */
const duration = (seconds: number) => (seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

/** What `npm start` prepares (lib/platform/warm-up.ts), part by part: until the images are ready, work waits. */
export function WarmUpPanel({ warmUp }: { warmUp: WarmUp }) {
  const parts = WARM_UP_PARTS.flatMap((part) => {
    const standing = warmUp.parts[part];
    return standing ? [{ part, ...standing }] : [];
  });
  if (parts.length === 0) {
    return (
      <p className="mt-2" data-testid="warm-up-none">
        Nothing recorded: this platform was not started with <code>npm start</code>, which is what prepares images and
        the lab host.
      </p>
    );
  }
  return (
    <div className="mt-2">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="warm-up-summary">
        {summary(warmUp)}
      </p>
      <DataTable
        caption="What npm start prepares"
        className="mt-2"
        size="w-full min-w-[30rem]"
        head={<Ths labels={["Part", "State", "Detail", "For"]} numeric={["For"]} />}
      >
        {parts.map((p) => (
          <Tr key={p.part} data-testid="warm-up-part" data-part={p.part} data-state={p.state}>
            <RowHeader>{PART_TITLES[p.part]}</RowHeader>
            <Td className={`font-semibold ${STATE[p.state][1]}`}>{STATE[p.state][0]}</Td>
            <Td className="break-words">{p.detail ?? "—"}</Td>
            <Td numeric>{duration(p.seconds)}</Td>
          </Tr>
        ))}
      </DataTable>
    </div>
  );
}

function summary(warmUp: WarmUp): string {
  if (warmUp.parts.baseImages?.state === "failed") {
    return "Preparing the images failed: nothing is graded until npm start runs again; submissions wait until then.";
  }
  if (warmUp.warming) {
    return "Pages already serve. Submissions and labs started now wait in their queues until this is ready.";
  }
  return "Everything npm start prepares is ready.";
}
