import { describe, expect, it } from "vitest";
import { setAsideSyntaxDirective } from "./syntax-directive";

describe("setAsideSyntaxDirective", () => {
  it("turns the syntax directive into a comment and keeps every instruction on its line", () => {
    const { dockerfile, requested } = setAsideSyntaxDirective(
      "# syntax=docker/dockerfile:1\nFROM python:3.11-slim\nRUN true\n",
    );
    expect(requested).toEqual({ value: "docker/dockerfile:1", line: 1 });
    expect(dockerfile.split("\n")[0]).toMatch(/^# \(syntax directive set aside/);
    expect(dockerfile.split("\n").slice(1)).toEqual(["FROM python:3.11-slim", "RUN true", ""]);
  });

  it("keeps an escape directive that follows it working by moving it up", () => {
    const { dockerfile } = setAsideSyntaxDirective(
      "# syntax = docker/dockerfile:1.7\n# escape=`\nFROM debian:bookworm-slim\n",
    );
    const lines = dockerfile.split("\n");
    expect(lines[0]).toBe("# escape=`");
    expect(lines[1]).toMatch(/set aside/);
    expect(lines[2]).toBe("FROM debian:bookworm-slim");
  });

  it("leaves a file without the directive, or with it below the top, untouched", () => {
    const plain = "FROM python:3.11-slim\n# syntax=docker/dockerfile:1\n";
    expect(setAsideSyntaxDirective(plain)).toEqual({ dockerfile: plain });
    const afterComment = "# my image\n# syntax=docker/dockerfile:1\nFROM python:3.11-slim\n";
    expect(setAsideSyntaxDirective(afterComment)).toEqual({ dockerfile: afterComment });
  });

  // Each of these makes BuildKit (0.13 here, or a newer engine) run the named image as the Dockerfile frontend.
  it("finds the directive after a shebang line, behind a byte order mark and after Go's other spaces", () => {
    const shebang = setAsideSyntaxDirective(
      "#!/usr/bin/env docker\n# syntax=evil/frontend\nFROM debian:bookworm-slim\n",
    );
    expect(shebang.requested).toEqual({ value: "evil/frontend", line: 2 });
    expect(shebang.dockerfile.split("\n")).toEqual([
      "#!/usr/bin/env docker",
      "# (syntax directive set aside: built-in frontend)",
      "FROM debian:bookworm-slim",
      "",
    ]);
    const marked = setAsideSyntaxDirective("\uFEFF# syntax=evil/frontend\nFROM debian:bookworm-slim\n");
    expect(marked.requested?.value).toBe("evil/frontend");
    expect(marked.dockerfile).not.toContain("evil");
    const nextLine = setAsideSyntaxDirective("#\u0085syntax=evil/frontend\nFROM debian:bookworm-slim\n");
    expect(nextLine.requested?.value).toBe("evil/frontend");
    // BuildKit takes the value's first word as the image, and Go's "." matches a line separator.
    const separator = setAsideSyntaxDirective("# syntax=evil/frontend \u2028x\nFROM debian:bookworm-slim\n");
    expect(separator.dockerfile).not.toContain("evil");
  });

  it("keeps a shebang and an escape directive in place around the set-aside line", () => {
    const { dockerfile } = setAsideSyntaxDirective(
      "#!/bin/sh\r\n# escape=`\r\n# syntax=x/y\r\nFROM debian:bookworm-slim\r\n",
    );
    expect(dockerfile.split("\n").map((l) => l.replace(/\r$/, ""))).toEqual([
      "#!/bin/sh",
      "# escape=`",
      "# (syntax directive set aside: built-in frontend)",
      "FROM debian:bookworm-slim",
      "",
    ]);
  });
});
