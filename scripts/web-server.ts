/**
 * The production web server: Next.js, with the pages it prerendered answered from memory in front of it
 * (lib/http/prerendered-pages.ts). `npm start` runs it through scripts/platform.ts; PORT and HOST as for `next start`.
 */
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { env } from "../lib/config/env";
import { startCoursePolicyWorker } from "../lib/course-policy/policy-worker";
import { forwardedHeaderNormaliser } from "../lib/http/forwarded";
import { malformedAddress } from "../lib/http/malformed-address";
import { loadPrerenderedPages } from "../lib/http/prerendered-pages";
import { stopWithSupervisor } from "../lib/platform/supervisor-link";

const root = path.resolve(import.meta.dirname, "..");
const { PORT, HOST, TRUSTED_PROXY } = env();
const app = next({ dev: false, dir: root, hostname: HOST, port: PORT });
const handle = app.getRequestHandler();
await app.prepare();
const prerendered = loadPrerenderedPages(path.join(root, ".next"));

// Before anything reads them: forwarding headers count only from TRUSTED_PROXY (client address, HTTPS).
const normaliseForwarded = forwardedHeaderNormaliser(TRUSTED_PROXY);

const server = createServer((req, res) => {
  normaliseForwarded(req);
  // An address that does not decode is refused before anything parses it: Next.js would answer it with a 500.
  const refusal = malformedAddress(req.url ?? "/");
  if (refusal) {
    prerendered.prepareForNext(res);
    res.writeHead(refusal.status, refusal.headers).end(refusal.body);
    return;
  }
  if (prerendered.serve(req, res)) return;
  // Security headers on whatever Next.js answers, even where its request proxy never runs (proxy.ts).
  prerendered.prepareForNext(res);
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// What the sandbox hosts report becomes course policy here, on the web side (lab credit, LMS scores due and sent, help
// snapshots, timed labs closed), never in the runner, which runs learners' code (lib/course-policy/policy-worker.ts).
const stopPolicyWorker = startCoursePolicyWorker((line) => console.log(`[policy] ${line}`));
// Unhandled, a port already taken would leave this process alive and serving nothing, while the server holding the
// port answered in its place: it ends instead, saying why, and its supervisor reports it.
server.on("error", (err) => {
  console.error(`web server: cannot listen on ${HOST}:${PORT}: ${err.message}`);
  process.exit(1);
});
server.listen(PORT, HOST, () => {
  console.log(
    `web server on http://${HOST}:${PORT} (${prerendered.paths.length} prerendered pages served from memory)`,
  );
});
// A clean stop on SIGTERM/SIGINT: finish answering, then exit.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => void stopPolicyWorker().finally(() => process.exit(0)));
    server.closeAllConnections();
  });
}
stopWithSupervisor();
