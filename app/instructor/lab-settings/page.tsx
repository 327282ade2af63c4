import type { Metadata } from "next";
import { KeptLabSettingsForm } from "@/components/instructor/lab-settings/kept-lab-settings-form";
import { PageSection, PageTitle } from "@/components/instructor/page-section";
import { adminPage } from "@/lib/access/roles";
import { KEPT_LAB_BOUNDS, keptLabSettings } from "@/lib/labs/kept-labs";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Lab settings",
  description: "How long a closed lab's work is kept for its learner, and the disk each learner may use for it.",
};

export default async function LabSettingsPage() {
  const user = await adminPage("/instructor/lab-settings");
  const settings = await keptLabSettings(user);
  return (
    <div>
      <PageTitle title="Lab settings">
        When a lab closes, its work (files, images, volumes, the registry&apos;s pushes) is kept for its learner, and
        their next start of that lab resumes it; &quot;Start over&quot; and &quot;Delete kept work&quot; on the lab page
        throw it away. Changes are in the admin log. docs/labs.md, &quot;Kept labs&quot;, says more.
      </PageTitle>
      <PageSection
        id="kept-labs"
        title="Kept labs"
        intro="New days count for labs kept from now on; a smaller disk makes room at each learner's next close."
        className="mt-8"
      >
        <KeptLabSettingsForm initial={settings} bounds={KEPT_LAB_BOUNDS} />
      </PageSection>
    </div>
  );
}
