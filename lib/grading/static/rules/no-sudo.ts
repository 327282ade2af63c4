import { LESSONS } from "../../../content/lesson-slugs";
import { programName } from "../../../dockerfile/shell-commands";
import type { Finding } from "../../checks/check-spec";
import { lineFix, type QuickFix } from "../quick-fix";
import { outcome, runCommandsIn, stageInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

export const noSudo: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.no-sudo",
    category: "security",
    title: "No sudo in RUN",
    measures: "RUN commands that call sudo.",
    points: 1,
    why:
      "RUN already executes as root until a USER line switches user, so sudo " +
      "adds nothing there. After USER, making sudo work means installing it and " +
      "granting the app user root, which undoes the protection the non-root " +
      "user was meant to give; sudo also behaves unpredictably without a terminal.",
    fix: "Drop sudo: run root-only steps before the USER line, and switch to the unprivileged user afterwards.",
    lesson: LESSONS.nonRoot,
    equivalent: "hadolint DL3004",
  },
  quickFix: dropSudo,
  run(ctx) {
    const fails: Finding[] = [];
    for (const { command } of runCommandsIn(stageInstructions(ctx))) {
      const first = command.argv.find(
        (w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !["if", "then", "!", "{", "do", "else"].includes(w),
      );
      if (programName(first) !== "sudo") continue;
      fails.push({
        message: "RUN uses sudo; build steps already run as root until USER switches user.",
        ...located(command),
        fix: command.text.replace(/\bsudo\s+(-\S+\s+)*/, ""),
      });
    }
    return outcome(fails, [], "No RUN uses sudo.");
  },
};

const SUDO = /\bsudo\s+(-\S+\s+)*/;

/** The finding's line without "sudo" and its options: the command then runs as the RUN's user, root before USER. */
function dropSudo(dockerfile: string, line: number): QuickFix | undefined {
  const text = dockerfile.split("\n")[line - 1] ?? "";
  const match = SUDO.exec(text);
  if (!match) return undefined;
  const start = match.index + 1;
  return lineFix("Remove sudo", line, start, start + match[0].length, "");
}
