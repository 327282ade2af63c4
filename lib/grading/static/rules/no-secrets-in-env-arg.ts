import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { findSecretFormat, looksLikeSecretName } from "../../secret-formats";
import { outcome, stageInstructions } from "../rule-helpers";
import { redact, redactIn } from "../secret-patterns";
import type { DockerInstruction } from "../static-context";
import { at, located, STATIC, type StaticRule } from "../static-rule";

const SECRET_MOUNT_FIX =
  "Pass secrets at build time with RUN --mount=type=secret,id=<name> " +
  "(docker build --secret id=<name>,src=<file>) and at run time with docker " +
  "run -e or an env file; never write them into the Dockerfile.";

/** The secret-mount fix for one variable: HF_TOKEN becomes the secret id hf_token. */
function secretMountFix(name: string): string {
  const id = name.toLowerCase();
  return (
    `If a build step needs ${name}, mount it into that one RUN: RUN --mount=type=secret,id=${id} <command>, ` +
    `which reads it from /run/secrets/${id}, and build with docker build --secret id=${id},env=${name} ` +
    `(or src=<file>). At run time pass it with docker run -e ${name} or an env file. ` +
    "Never write it into the Dockerfile."
  );
}

export const noSecretsInEnvArg: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.no-secrets-in-env-arg",
    category: "security",
    title: "No secrets in ENV, ARG or other instructions",
    measures:
      "ENV and ARG whose name looks secret (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY…) " +
      "with a value, and any instruction (heredoc bodies included) containing a known credential format (AWS " +
      "AKIA…, GitHub ghp_…, OpenAI sk-…, Hugging Face hf_…, Slack xox…, private key blocks). " +
      "ARG without a default warns. " +
      "RUN --mount=type=secret is the recommended way and is never a finding.",
    points: 3,
    why:
      "Everything in a Dockerfile ends up readable by anyone who can pull the " +
      "image: ENV values in docker inspect, ARG values and RUN lines in docker " +
      "history, all of it in every registry and cache the image passes through. " +
      "Deleting the line later does not help; the old layers keep the value. A " +
      "leaked token has to be revoked.",
    fix: SECRET_MOUNT_FIX,
    lesson: LESSONS.secrets,
  },
  run(ctx) {
    const fails: Finding[] = [];
    const warns: Finding[] = [];
    const instructions = [...ctx.instructions.filter((i) => i.stage < 0), ...stageInstructions(ctx)];
    for (const i of instructions) {
      const formatHit = findSecretFormat(scannedText(i));
      if (formatHit) {
        fails.push({
          message:
            `${i.keyword} contains what looks like ${formatHit.format.name} (${redact(formatHit.match)}). ` +
            "Anyone with the image can read it.",
          location: at(lineOf(i, formatHit.match)),
          evidence: redactIn(i.text, formatHit.match),
          fix:
            "Revoke that credential now, remove it from the Dockerfile, and " +
            `${SECRET_MOUNT_FIX.charAt(0).toLowerCase()}${SECRET_MOUNT_FIX.slice(1)}`,
        });
        continue;
      }
      if (i.keyword !== "ENV" && i.keyword !== "ARG") continue;
      for (const p of i.properties) checkProperty(i, p, fails, warns);
    }
    const mounted = instructions.find((i) => i.mounts.some((m) => m.type === "secret"));
    const viaMount = mounted
      ? ` Build secrets arrive through RUN --mount=type=secret (Dockerfile:${mounted.line}), ` +
        "which keeps them out of every layer."
      : "";
    const passed = "No secret-looking names or credential formats in ENV, ARG or other instructions.";
    return outcome(fails, warns, `${passed}${viaMount}`);
  },
};

/**
 * The instruction as written, untruncated, without its --mount flags: a secret
 * mount names the secret (id=hf_token) but never holds it.
 */
function scannedText(i: DockerInstruction): string {
  let text = i.source;
  for (const f of i.flags) if (f.name === "mount" && f.value) text = text.replace(f.value, "");
  return text;
}

/** The line of a heredoc body the secret sits on, or the instruction's own line. */
function lineOf(i: DockerInstruction, match: string): number {
  const offset = i.source.split("\n").findIndex((l) => l.includes(match));
  return offset < 0 ? i.line : i.line + offset;
}

function checkProperty(
  i: DockerInstruction,
  p: { name: string; value: string | null },
  fails: Finding[],
  warns: Finding[],
): void {
  if (!looksLikeSecretName(p.name)) return;
  const location = at(i.line);
  const value = p.value ?? "";
  const fromVariable = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value);
  if (value === "" || (fromVariable && i.keyword === "ARG")) {
    if (i.keyword === "ARG") {
      warns.push({
        message:
          `ARG ${p.name} has no default, which is better, but a value passed with --build-arg is still recorded ` +
          "in the image history (docker history shows it).",
        ...located(i),
        fix: secretMountFix(p.name),
      });
    }
    return;
  }
  const evidence = redactIn(i.text, value);
  if (fromVariable) {
    fails.push({
      message:
        `ENV ${p.name}=${value} copies a build argument into the image's environment, ` +
        "where docker inspect shows it to anyone with the image.",
      location,
      evidence,
      fix: `Remove this ENV line. ${secretMountFix(p.name)}`,
    });
    return;
  }
  fails.push({
    message:
      `${i.keyword} ${p.name} is set to a literal value (${redact(value)}), ` +
      `so the secret is stored in the image ${i.keyword === "ENV" ? "config" : "history"}.`,
    location,
    evidence,
    fix: `Revoke it: it has leaked. ${secretMountFix(p.name)}`,
  });
}
