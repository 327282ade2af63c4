import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { gradebookClassSchema, gradebookCsvExport } from "@/lib/instructor/gradebook";

export const dynamic = "force-dynamic";

/** The gradebook as a CSV file that Canvas and Moodle import (format: lib/instructor/gradebook-csv.ts). */
export const GET = apiRoute(async (request: Request) => {
  const staff = await requireStaff("export the gradebook");
  const classId = gradebookClassSchema.parse(new URL(request.url).searchParams.get("class"));
  const { filename, csv } = await gradebookCsvExport(staff, classId);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
