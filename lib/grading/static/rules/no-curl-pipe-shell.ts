import { LESSONS } from "../../../content/lesson-slugs";
import { programArgv, programName } from "../../../dockerfile/shell-commands";
import type { Finding } from "../../checks/check-spec";
import { outcome, stageInstructions } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";

const DOWNLOADERS = new Set(["curl", "wget"]);
const INTERPRETERS = /^(sh|bash|dash|zsh|ash|python\d*(\.\d+)?|perl|ruby|node)$/;

export const noCurlPipeShell: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.no-curl-pipe-shell",
    category: "security",
    title: "No downloaded scripts piped straight into a shell",
    measures: "RUN pipelines where curl or wget feeds sh, bash, python or another interpreter.",
    points: 1,
    why:
      "curl https://… | sh runs whatever the server returns at build time, " +
      "unread and unverified, as root. If the site is compromised, or a " +
      "truncated download ends mid-line, your image runs it. The build is also " +
      "not reproducible: the script can change any day.",
    fix:
      "Download to a file, check it against a known SHA-256, then run it:\nRUN " +
      "curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo " +
      '"<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh ' +
      "&& rm /tmp/install.sh",
    lesson: LESSONS.packages,
  },
  run(ctx) {
    const fails: Finding[] = [];
    for (const i of stageInstructions(ctx)) {
      if (i.keyword !== "RUN") continue;
      i.commands.forEach((c, k) => {
        const next = i.commands[k + 1];
        if (c.next !== "|" || !next) return;
        const downloader = programName(programArgv(c.argv)[0]);
        const interpreter = programName(programArgv(next.argv)[0]);
        if (!DOWNLOADERS.has(downloader) || !INTERPRETERS.test(interpreter)) return;
        fails.push({
          message:
            `${downloader} output is piped straight into ${interpreter}, which runs ` +
            `the downloaded script unchecked.`,
          location: at(c.line),
          evidence: `${c.text} | ${next.text}`,
        });
      });
    }
    return outcome(fails, [], "No RUN pipes a download into an interpreter.");
  },
};
