import { type Finding, fail, pass } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { withCompose } from "../compose-context";
import { composeFileOf, composeFindingsAt } from "../compose-quick-fix";
import { COMPOSE_RULE } from "./compose-rule-base";

export const composePortsBoundLocally: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "security.compose-ports-bound-locally",
    category: "security",
    title: "Development ports are published on localhost only",
    measures:
      "Every published port in the short syntax names the host address " +
      '127.0.0.1 (or ::1), e.g. "127.0.0.1:5000:5000"; long-syntax entries need host_ip.',
    points: 1,
    why:
      '"5000:5000" publishes on every network interface of the machine, so ' +
      "anyone on the same network (a café, a conference, a shared office) can " +
      "reach an unauthenticated tracking server, notebook or cache. A " +
      "development stack only needs to be reachable from your own machine.",
    fix: 'ports: ["127.0.0.1:5000:5000"], and publish nothing for services only other containers use.',
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        for (const p of s.ports) {
          const local = /^"?(127\.0\.0\.1|\[?::1\]?):/.test(p.text) || /"host_ip":"(127\.0\.0\.1|::1)"/.test(p.text);
          if (!local) {
            const ports = p.text.replace(/^"|"$/g, "").split(":").slice(-2).join(":");
            findings.push({
              message: `${s.name} publishes ${p.text} on every interface of the host.`,
              location: file.at(p.key),
              evidence: p.text,
              fix: `"127.0.0.1:${ports.includes(":") ? ports : `${ports}:${ports}`}"`,
            });
          }
        }
      }
      return findings.length ? fail(...findings) : pass("Published ports are reachable from this machine only.");
    }),
  quickFixFile: composeFileOf,
  quickFix: (text, line, ctx) => {
    const source = text.split("\n")[line - 1] ?? "";
    // Each short-syntax entry on the line is rewritten to the finding's own fix; long syntax needs a host_ip key.
    const edits = composeFindingsAt(composePortsBoundLocally.run(ctx), ctx, line).flatMap((f) => {
      const port = f.evidence ?? "";
      if (port.startsWith("{") || !f.fix?.startsWith('"127.0.0.1:')) return [];
      const escaped = port.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const match = new RegExp(`(^|[\\s[,])(["']?)${escaped}\\2(?=\\s*(?:[,\\]#]|$))`).exec(source);
      if (!match) return [];
      const startColumn = match.index + match[1]!.length + 1;
      const endColumn = match.index + match[0].length + 1;
      return [{ startLine: line, startColumn, endLine: line, endColumn, text: f.fix }];
    });
    return edits.length ? { title: "Publish on 127.0.0.1 only", edits } : undefined;
  },
};
