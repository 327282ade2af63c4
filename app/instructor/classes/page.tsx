import type { Metadata } from "next";
import { CreateClassForm } from "@/components/instructor/classes/create-class-form";
import { OrEmpty, PageSection, PageTitle } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { TextLink } from "@/components/layout/text-link";
import { staffPage } from "@/lib/access/roles";
import { taughtClasses } from "@/lib/classes/classes";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Classes",
  description: "The classes you teach: their learners, staff, join codes and rosters.",
};

export default async function ClassesPage() {
  const user = await staffPage("/instructor/classes");
  const { scope, classes } = await taughtClasses(user);
  return (
    <div>
      <PageTitle title="Classes">
        A class is one group you teach for a term. Its staff see and grade only its learners; learners join with its
        code or link, or from a roster. Every instructor page can be narrowed to one class.
      </PageTitle>
      {scope.canCreateClasses && (
        <PageSection id="new-class" title="New class" className="mt-8">
          <CreateClassForm />
        </PageSection>
      )}
      <PageSection id="your-classes" title={scope.admin ? "Every class" : "Your classes"} className="mt-8">
        <OrEmpty
          rows={classes.length}
          empty={scope.admin ? "No class exists yet." : "You teach no class yet."}
          testId="classes-empty"
        >
          <DataTable
            caption="Classes"
            testId="classes-table"
            head={<Ths labels={["Class", "Term", "You are", "Learners", "Joining"]} numeric={["Learners"]} />}
          >
            {classes.map((c) => (
              <Tr key={c.id}>
                <RowHeader>
                  <TextLink href={`/instructor/classes/${encodeURIComponent(c.id)}`}>{c.name}</TextLink>
                  {c.archived && <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">archived</span>}
                </RowHeader>
                <Td>{c.term}</Td>
                <Td>{c.role === "ta" ? "teaching assistant" : c.role}</Td>
                <Td numeric>{c.learners}</Td>
                <Td>{c.joinOpen ? "open, by code" : "closed"}</Td>
              </Tr>
            ))}
          </DataTable>
        </OrEmpty>
      </PageSection>
    </div>
  );
}
