import { NextResponse } from "next/server";
import { loadSearchIndex } from "@/lib/search/load-search-index";

/** The prebuilt lesson index; browsers search it themselves. */
export async function GET() {
  const index = await loadSearchIndex();
  return NextResponse.json(index, { headers: { "Cache-Control": "public, max-age=300" } });
}
