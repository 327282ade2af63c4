import type { GuessingLine, SignInGuessing } from "@/lib/auth/sign-in-guessing";
import { formatCount } from "@/lib/format/numbers";
import { formatAbsoluteTime } from "@/lib/format/relative-time";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";

/** Password guessing the sign-in throttle recorded (lib/auth/sign-in-throttle.ts), what it means, what to do. */
export function SignInGuessingPanel({ guessing }: { guessing: SignInGuessing }) {
  const { accounts, addresses, reportAt, keptDays } = guessing;
  return (
    <div className="mt-2 max-w-3xl space-y-3 text-sm">
      <p>
        Listed here: each account with {reportAt.account} or more wrong passwords within an hour from browsers never
        signed in to it, and each address with {reportAt.address} or more failed sign-ins within an hour.{" "}
        {`Each line is kept ${keptDays} days after its last failure.`}
      </p>
      <p>
        <strong>What it means:</strong> someone is guessing passwords. Each guess past the first few makes the next one
        wait longer, up to 15 minutes, so guessing a good password is hopeless; nobody is locked out. The owner of an
        account signs in at once from any browser they signed in from before, and a new password set with &ldquo;Forgot
        your password?&rdquo; ends the wait everywhere.
      </p>
      <p>
        <strong>What to do:</strong> tell the owners of the accounts listed, and ask them to choose a long password only
        they use. An address guessing at many accounts is best blocked at your firewall or proxy. An address you know as
        a campus or lecture hall with a few failures is people mistyping, not an attack.
      </p>
      {accounts.length === 0 && addresses.length === 0 ? (
        <p role="status" data-testid="sign-in-guessing-none">
          No guessing recorded in the last {keptDays} days.
        </p>
      ) : (
        <>
          <GuessingTable caption="Accounts being guessed at" subject="Account (e-mail)" lines={accounts} />
          <GuessingTable caption="Addresses guessing" subject="Address (IPv6 by /64)" lines={addresses} />
        </>
      )}
    </div>
  );
}

function GuessingTable({ caption, subject, lines }: { caption: string; subject: string; lines: GuessingLine[] }) {
  if (lines.length === 0) return <p>{caption}: none.</p>;
  return (
    <>
      <h3 className="mt-4 font-semibold">{caption}</h3>
      <DataTable
        caption={caption}
        size="w-full min-w-[36rem]"
        head={<Ths labels={[subject, "Failed sign-ins", "First", "Last"]} numeric={["Failed sign-ins"]} />}
      >
        {lines.map((line) => (
          <Tr key={line.subject} data-testid="sign-in-guessing-line">
            <RowHeader className="break-all">{line.subject}</RowHeader>
            <Td numeric>{formatCount(line.failures)}</Td>
            <Td>
              <time dateTime={line.firstFailedAt.toISOString()}>{formatAbsoluteTime(line.firstFailedAt)}</time>
            </Td>
            <Td>
              <time dateTime={line.lastFailedAt.toISOString()}>{formatAbsoluteTime(line.lastFailedAt)}</time>
            </Td>
          </Tr>
        ))}
      </DataTable>
    </>
  );
}
