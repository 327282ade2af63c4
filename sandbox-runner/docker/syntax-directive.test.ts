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
});
