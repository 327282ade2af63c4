import type { Metadata } from "next";
import { ActionButton } from "@/components/http/action-button";
import { LmsCheckButton } from "@/components/instructor/lti/lms-check-button";
import { PlatformForm } from "@/components/instructor/lti/platform-forms";
import { OrEmpty, PageSection, PageTitle } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { adminPage } from "@/lib/access/roles";
import { listPlatforms } from "@/lib/lti/platforms";
import { toolUrls } from "@/lib/lti/tool-urls";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "LTI platforms",
  description: "The LMSs (Canvas, Moodle) that launch Dockyard over LTI 1.3, and what to enter in them.",
};

export default async function LtiPlatformsPage() {
  const user = await adminPage("/instructor/lti");
  const platforms = await listPlatforms(user);
  const urls = toolUrls();
  return (
    <div>
      <PageTitle title="LTI platforms">
        An LMS registered here can launch Dockyard for its courses over LTI 1.3, receive scores and share its rosters.
        docs/lti.md walks through Canvas and Moodle.
      </PageTitle>
      <PageSection id="tool" title="What to enter in the LMS" className="mt-8">
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="lti-tool-urls">
          <dt className="font-medium">Login initiation URL</dt>
          <dd className="break-all font-mono">{urls.loginUrl}</dd>
          <dt className="font-medium">Redirect URI and target link URI</dt>
          <dd className="break-all font-mono">{urls.launchUrl}</dd>
          <dt className="font-medium">Public keyset URL</dt>
          <dd className="break-all font-mono">{urls.jwksUrl}</dd>
        </dl>
        <p className="mt-3 text-sm">
          <ActionButton
            method="POST"
            url="/api/admin/lti/key"
            label="Rotate the tool's key"
            confirm="A new key signs from now on; the old one stays in the keyset for a day. Rotate?"
          />
        </p>
      </PageSection>
      <PageSection id="platforms" title="Registered LMSs" className="mt-8">
        <OrEmpty rows={platforms.length} empty="No LMS is registered yet." testId="lti-platforms-empty">
          <DataTable
            caption="Registered LMSs"
            testId="lti-platforms"
            head={<Ths labels={["Name", "Issuer", "Client ID", "Deployments", "Actions"]} hidden={["Actions"]} />}
          >
            {platforms.map((p) => (
              <Tr key={p.id}>
                <RowHeader>{p.name}</RowHeader>
                <Td className="break-all">{p.issuer}</Td>
                <Td className="break-all">{p.clientId}</Td>
                <Td className="break-all">{p.deploymentIds.join(", ")}</Td>
                <Td>
                  <details className="mb-1">
                    <summary className="cursor-pointer text-sm underline">Edit</summary>
                    <PlatformForm initial={p} />
                  </details>
                  <LmsCheckButton platformId={p.id} lmsName={p.name} />
                  <ActionButton
                    method="DELETE"
                    url={`/api/admin/lti/platforms/${encodeURIComponent(p.id)}`}
                    label="Remove"
                    confirm={`Remove ${p.name}? Its launches, links and grade sync stop; its classes stay.`}
                  />
                </Td>
              </Tr>
            ))}
          </DataTable>
        </OrEmpty>
      </PageSection>
      <PageSection id="register" title="Register an LMS" className="mt-8">
        <PlatformForm />
      </PageSection>
    </div>
  );
}
