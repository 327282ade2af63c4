import { LESSONS } from "../../checks/lessons";
import type { Finding } from "../../checks/check-spec";
import { findSecretValue, looksLikeSecretName, redact, redactIn } from "../secret-patterns";
import { outcome, stageInstructions } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";
import type { DockerInstruction } from "../static-context";

const SECRET_MOUNT_FIX = "Pass secrets at build time with RUN --mount=type=secret,id=<name> (docker build --secret id=<name>,src=<file>) and at run time with docker run -e or an env file; never write them into the Dockerfile.";

export const noSecretsInEnvArg: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.no-secrets-in-env-arg",
    category: "security",
    title: "No secrets in ENV, ARG or other instructions",
    measures: "ENV and ARG whose name looks secret (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY…) with a value, and any instruction containing a known credential format (AWS AKIA…, GitHub ghp_…, OpenAI sk-…, Hugging Face hf_…, Slack xox…, private key blocks). ARG without a default warns.",
    points: 3,
    why: "Everything in a Dockerfile ends up readable by anyone who can pull the image: ENV values in docker inspect, ARG values and RUN lines in docker history, all of it in every registry and cache the image passes through. Deleting the line later does not help; the old layers keep the value. A leaked token has to be revoked.",
    fix: SECRET_MOUNT_FIX,
    lesson: LESSONS.secrets,
  },
  run(ctx) {
    const fails: Finding[] = [];
    const warns: Finding[] = [];
    const instructions = [...ctx.instructions.filter((i) => i.stage < 0), ...stageInstructions(ctx)];
    for (const i of instructions) {
      const formatHit = findSecretValue(i.text);
      if (formatHit) {
        fails.push({ message: `${i.keyword} contains what looks like ${formatHit.kind} (${redact(formatHit.match)}). Anyone with the image can read it.`, location: at(i.line), evidence: redactIn(i.text, formatHit.match), fix: `Revoke that credential now, remove it from the Dockerfile, and ${SECRET_MOUNT_FIX.charAt(0).toLowerCase()}${SECRET_MOUNT_FIX.slice(1)}` });
        continue;
      }
      if (i.keyword !== "ENV" && i.keyword !== "ARG") continue;
      for (const p of i.properties) checkProperty(i, p, fails, warns);
    }
    return outcome(fails, warns, "No secret-looking names or credential formats in ENV, ARG or other instructions.");
  },
};

function checkProperty(i: DockerInstruction, p: { name: string; value: string | null }, fails: Finding[], warns: Finding[]): void {
  if (!looksLikeSecretName(p.name)) return;
  const location = at(i.line);
  const value = p.value ?? "";
  const fromVariable = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value);
  if (value === "" || (fromVariable && i.keyword === "ARG")) {
    if (i.keyword === "ARG") {
      warns.push({ message: `ARG ${p.name} has no default, which is better, but a value passed with --build-arg is still recorded in the image history (docker history shows it).`, location, evidence: i.text, fix: SECRET_MOUNT_FIX });
    }
    return;
  }
  const evidence = redactIn(i.text, value);
  if (fromVariable) {
    fails.push({ message: `ENV ${p.name}=${value} copies a build argument into the image's environment, where docker inspect shows it to anyone with the image.`, location, evidence, fix: `Remove this ENV line; pass ${p.name} at run time (docker run -e ${p.name}) and use RUN --mount=type=secret if a build step needs it.` });
    return;
  }
  fails.push({ message: `${i.keyword} ${p.name} is set to a literal value (${redact(value)}), so the secret is stored in the image ${i.keyword === "ENV" ? "config" : "history"}.`, location, evidence, fix: SECRET_MOUNT_FIX });
}
