import { describe, expect, it } from "vitest";
import { programArgv, splitShellCommands } from "./shell-commands";

const argvs = (script: string) => splitShellCommands(script).map((c) => c.argv);

describe("splitShellCommands", () => {
  it("splits on &&, ||, ;, | and & and records the operator after each command", () => {
    const commands = splitShellCommands("apt-get update && apt-get install -y curl; curl -s x | tar -x || true & wait");
    expect(commands.map((c) => c.argv[0])).toEqual(["apt-get", "apt-get", "curl", "tar", "true", "wait"]);
    expect(commands.map((c) => c.next)).toEqual(["&&", ";", "|", "||", "&", "end"]);
  });

  it("keeps operators inside quotes as part of the word", () => {
    expect(argvs(`echo 'a && b' | grep "x;y|z"`)).toEqual([
      ["echo", "a && b"],
      ["grep", "x;y|z"],
    ]);
  });

  it("joins line continuations, drops Docker's comment lines inside them and tracks the line of each command", () => {
    const commands = splitShellCommands(
      "apt-get update \\\n    # refresh first\n    && apt-get install -y \\\n   " +
        "     curl \\\n    && rm -rf /var/lib/apt/lists/*",
    );
    expect(commands.map((c) => c.argv)).toEqual([
      ["apt-get", "update"],
      ["apt-get", "install", "-y", "curl"],
      ["rm", "-rf", "/var/lib/apt/lists/*"],
    ]);
    expect(commands.map((c) => c.line)).toEqual([0, 2, 4]);
    expect(commands[1]!.text).toBe("apt-get install -y curl");
  });

  it("drops redirections with their targets and treats $(...) as one word", () => {
    expect(argvs("pip install $(cat reqs | tr '\\n' ' ') > /dev/null 2>&1")).toEqual([
      ["pip", "install", "$(cat reqs | tr '\\n' ' ')"],
    ]);
  });

  it("skips the bodies of heredocs inside a script, counting their lines, and reads <<< as a here-string", () => {
    const script =
      "cat > /etc/x.conf <<'CONF'\napt-get install -y evil\nCONF\npip install y\n" +
      "cat <<-EOF\n\trm -rf /\n\tEOF\necho $(( 1 << 2 )) <<< here";
    const commands = splitShellCommands(script).map((c) => [c.argv.join(" "), c.line]);
    expect(commands).toEqual([
      ["cat", 0],
      ["pip install y", 3],
      ["cat", 4],
      ["echo $(( 1 << 2 ))", 7],
    ]);
  });

  it("does not mistake || for a pipe", () => {
    expect(splitShellCommands("a || b").map((c) => c.next)).toEqual(["||", "end"]);
  });
});

describe("programArgv", () => {
  it("peels env assignments, sudo with its options, and shell keywords", () => {
    expect(programArgv(["DEBIAN_FRONTEND=noninteractive", "sudo", "-u", "root", "apt-get", "install"])).toEqual([
      "apt-get",
      "install",
    ]);
    expect(programArgv(["if", "!", "env", "-i", "pip", "install", "x"])).toEqual(["pip", "install", "x"]);
  });
});
