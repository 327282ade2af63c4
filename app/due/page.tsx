import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DueSection } from "@/components/due/due-section";
import { currentUser } from "@/lib/auth/current-user";
import { dueList } from "@/lib/classes/due-list";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "What's due",
  description: "Your assignments in every class, with due dates in your time zone.",
};

export default async function DuePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=/due");
  const groups = await dueList(user.id);
  const none = Object.values(groups).every((g) => g.length === 0);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-4xl font-bold tracking-tight">What&apos;s due</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        Your assignments in every class you are in. Dates are in your own time zone. Work after a due date still counts,
        for the credit each class&apos;s late policy gives.
      </p>
      {none ? (
        <p className="mt-6 text-slate-600 dark:text-slate-400" data-testid="nothing-due">
          Nothing is assigned to you. When a class you are in assigns work, it appears here.
        </p>
      ) : (
        <>
          <DueSection title="Overdue" items={groups.overdue} empty="Nothing overdue." />
          <DueSection title="Due in the next 7 days" items={groups.nextWeek} empty="Nothing due this week." />
          <DueSection title="Later" items={groups.later} empty="Nothing further ahead." />
          <DueSection title="Done" items={groups.done} empty="Nothing handed in yet." />
        </>
      )}
    </div>
  );
}
