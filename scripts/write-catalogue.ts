import { writeFile } from "node:fs/promises";
import { CHECK_CATALOGUE } from "../sandbox-runner/pipeline/catalogue";
import { catalogueMarkdown } from "../sandbox-runner/pipeline/catalogue-markdown";

/** `npm run catalogue`: regenerates docs/check-catalogue.md. */
await writeFile(new URL("../docs/check-catalogue.md", import.meta.url), catalogueMarkdown(CHECK_CATALOGUE));
console.log(`docs/check-catalogue.md: ${CHECK_CATALOGUE.length} checks`);
