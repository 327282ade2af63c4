import { LESSONS } from "../../checks/lessons";
import { fail, pass, type Finding } from "../../checks/check-spec";
import { findSecretFormat, looksLikeSecretName } from "../../secret-formats";
import { parseImageRef } from "../image-ref";
import { STATIC, type StaticRule } from "../static-rule";
import { withCompose } from "./compose-context";

const base = { ...STATIC, lesson: LESSONS.compose, params: ["compose.file"] };

export const composeImagesPinned: StaticRule = {
  spec: {
    ...base,
    id: "security.compose-images-pinned",
    category: "security",
    title: "Every service image is pinned to a version",
    measures: "Each service's image: has an explicit tag other than latest, or a digest.",
    points: 2,
    why: "An untagged image means :latest, which moves whenever its publisher pushes. Teammates then run different Redis or MLflow versions from the same file, and a routine `docker compose pull` can change behaviour or break the stack.",
    fix: "Pin a version you have tested, e.g. image: redis:7.2.5-bookworm (add @sha256:… for an exact image).",
    equivalent: "hadolint DL3007 (for Dockerfiles)",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        if (!s.image) continue;
        const ref = parseImageRef(s.image);
        if (ref?.digest) continue;
        if (!ref?.tag || ref.tag === "latest") {
          findings.push({ message: `${s.name} uses ${s.image}${ref?.tag ? "" : " (no tag, so :latest)"}, which changes whenever a new version is pushed.`, location: file.at(["services", s.name, "image"]), evidence: `image: ${s.image}` });
        }
      }
      const pinned = services.filter((s) => s.image).map((s) => s.image);
      return findings.length ? fail(...findings) : pass(pinned.length ? `Images are pinned: ${pinned.join(", ")}.` : "No service pulls an image; all are built.");
    }),
};

export const composeNoInlineSecrets: StaticRule = {
  spec: {
    ...base,
    id: "security.compose-no-inline-secrets",
    category: "security",
    title: "No secrets written into the Compose file",
    measures: "No environment entry whose name looks like a secret (PASSWORD, TOKEN, API_KEY, ...) has a literal value, and no value matches a known token format; values may come from ${VARIABLES}, env_file or secrets.",
    points: 3,
    why: "compose.yaml is committed and shared, so a password written into it is in the repository history for good, on every laptop and in every CI log that prints the config.",
    fix: "Leave the value out (environment: [DB_PASSWORD] passes it through from your shell), reference a variable (${DB_PASSWORD}) set in an uncommitted .env, or use env_file: or Compose secrets:.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        for (const e of s.environment) {
          if (e.value === undefined || e.value === "" || /^\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(e.value)) continue;
          const format = findSecretFormat(e.value);
          if (format || looksLikeSecretName(e.name)) {
            findings.push({ message: `${s.name} sets ${e.name} to a literal ${format ? format.format.name : "value"} in the committed file.`, location: file.at(e.key), evidence: `${e.name}=${e.value.slice(0, 3)}…`, fix: `${e.name}: \${${e.name}}   # value in an uncommitted .env, or use env_file:/secrets:` });
          }
        }
      }
      return findings.length ? fail(...findings) : pass("No secret values are written into the file.");
    }),
};

export const composePortsLocal: StaticRule = {
  spec: {
    ...base,
    id: "security.compose-ports-bound-locally",
    category: "security",
    title: "Development ports are published on localhost only",
    measures: "Every published port in the short syntax names the host address 127.0.0.1 (or ::1), e.g. \"127.0.0.1:5000:5000\"; long-syntax entries need host_ip.",
    points: 1,
    why: "\"5000:5000\" publishes on every network interface of the machine, so anyone on the same network (a café, a conference, a shared office) can reach an unauthenticated tracking server, notebook or cache. A development stack only needs to be reachable from your own machine.",
    fix: "ports: [\"127.0.0.1:5000:5000\"], and publish nothing for services only other containers use.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const findings: Finding[] = [];
      for (const s of services) {
        for (const p of s.ports) {
          const local = /^"?(127\.0\.0\.1|\[?::1\]?):/.test(p.text) || /"host_ip":"(127\.0\.0\.1|::1)"/.test(p.text);
          if (!local) findings.push({ message: `${s.name} publishes ${p.text} on every interface of the host.`, location: file.at(p.key), evidence: p.text, fix: `"127.0.0.1:${p.text.replace(/^"|"$/g, "").split(":").slice(-2).join(":")}"` });
        }
      }
      return findings.length ? fail(...findings) : pass("Published ports are reachable from this machine only.");
    }),
};

export const composeServicesByName: StaticRule = {
  spec: {
    ...base,
    id: "correctness.compose-services-by-name",
    category: "correctness",
    title: "Services reach each other by service name, not localhost",
    measures: "No environment value of a service points at localhost or 127.0.0.1 (URLs and host:port values).",
    points: 2,
    why: "Each container has its own network namespace: localhost inside the api container is the api container itself. Compose puts the services on a shared network where each is reachable by its service name, e.g. redis://cache:6379.",
    fix: "Use the service name as the host: REDIS_URL=redis://cache:6379/0, MLFLOW_TRACKING_URI=http://tracking:5000.",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services }) => {
      const names = services.map((s) => s.name);
      const findings: Finding[] = [];
      for (const s of services) {
        for (const e of s.environment) {
          if (e.value && /(^|[/@=])(localhost|127\.0\.0\.1)(:\d+|\/|$)/i.test(e.value)) {
            findings.push({ message: `${s.name} sets ${e.name}=${e.value}, but localhost there is the ${s.name} container itself.`, location: file.at(e.key), evidence: `${e.name}=${e.value}`, fix: `Point it at a service name instead (one of: ${names.filter((n) => n !== s.name).join(", ")}).` });
          }
        }
      }
      return findings.length ? fail(...findings) : pass("Services address each other by name.");
    }),
};
