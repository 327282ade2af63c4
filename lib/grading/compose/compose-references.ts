import { composeDeclarations, composeServices } from "./compose-model";
import type { SpecProblem } from "./validate-compose-spec";

/**
 * The cross-references Docker Compose resolves when it loads a project, which
 * the JSON schema cannot express: every service named in depends_on exists,
 * and every named volume, network, secret and config a service uses is
 * declared at the top level. Compose refuses such a file ("service "api"
 * refers to undefined volume data: invalid compose project").
 */
export function validateComposeReferences(data: unknown): SpecProblem[] {
  const services = composeServices(data);
  const names = new Set(services.map((s) => s.name));
  const declared = composeDeclarations(data);
  const problems: SpecProblem[] = [];
  for (const s of services) {
    for (const dep of s.dependsOn) {
      if (!names.has(dep.name))
        problems.push({
          keys: dep.key,
          message: `${s.name} depends on "${dep.name}", which is not a service in this file.`,
        });
    }
    for (const v of s.volumes) {
      if (v.type === "volume" && v.source && !declared.volumes.has(v.source)) {
        problems.push({
          keys: v.key,
          message:
            `${s.name} mounts the named volume "${v.source}", which is not declared ` +
            `under the top-level volumes: key.`,
        });
      }
    }
    for (const n of s.networks) {
      if (n.name !== "default" && !declared.networks.has(n.name))
        problems.push({
          keys: n.key,
          message: `${s.name} joins the network "${n.name}", which is not declared under the top-level networks: key.`,
        });
    }
    for (const [kind, refs, set] of [
      ["secret", s.secrets, declared.secrets],
      ["config", s.configs, declared.configs],
    ] as const) {
      for (const r of refs) {
        if (!set.has(r.name))
          problems.push({
            keys: r.key,
            message: `${s.name} uses the ${kind} "${r.name}", which is not declared under the top-level ${kind}s: key.`,
          });
      }
    }
  }
  return problems;
}
