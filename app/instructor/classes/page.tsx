import type { Metadata } from "next";
import Link from "next/link";
import { CreateClassForm } from "@/components/instructor/classes/create-class-form";
import { PageSection } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { staffPage } from "@/lib/access/roles";
import { taughtClasses } from "@/lib/classes/classes";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Classes",
  description: "The classes you teach: their learners, staff, join codes and rosters.",
};

const ROLE = { admin: "admin", instructor: "instructor", ta: "teaching assistant" } as const;

export default async function ClassesPage() {
  const user = await staffPage("/instructor/classes");
  const { scope, classes } = await taughtClasses(user);
  return (
    <div>
      <h1 className="text-3xl font-bold tracking-tight">Classes</h1>
      <p className="mt-3 max-w-3xl text-slate-700 dark:text-slate-300">
        A class is one group you teach for a term. Its staff see and grade only its learners; learners join with its
        code or link, or from a roster. Every instructor page can be narrowed to one class.
      </p>
      {scope.canCreateClasses && (
        <PageSection id="new-class" title="New class" className="mt-8">
          <CreateClassForm />
        </PageSection>
      )}
      <PageSection id="your-classes" title={scope.admin ? "Every class" : "Your classes"} className="mt-8">
        {classes.length === 0 ? (
          <p className="mt-2" data-testid="classes-empty">
            {scope.admin ? "No class exists yet." : "You teach no class yet."}
          </p>
        ) : (
          <DataTable
            caption="Classes"
            testId="classes-table"
            head={<Ths labels={["Class", "Term", "You are", "Learners", "Joining"]} numeric={["Learners"]} />}
          >
            {classes.map((c) => (
              <Tr key={c.id}>
                <RowHeader>
                  <Link
                    href={`/instructor/classes/${encodeURIComponent(c.id)}`}
                    className="text-brand-600 underline dark:text-sky-300"
                  >
                    {c.name}
                  </Link>
                  {c.archived && <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">archived</span>}
                </RowHeader>
                <Td>{c.term}</Td>
                <Td>{ROLE[c.role]}</Td>
                <Td numeric>{c.learners}</Td>
                <Td>{c.joinOpen ? "open, by code" : "closed"}</Td>
              </Tr>
            ))}
          </DataTable>
        )}
      </PageSection>
    </div>
  );
}
