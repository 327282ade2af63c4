import { describe, expect, it } from "vitest";
import { scanRequirements } from "./requirements-file";

describe("scanRequirements", () => {
  it("accepts exact pins, hashes, URLs, commit-pinned VCS and local paths", () => {
    const scan = scanRequirements(
      [
        "--index-url https://pypi.org/simple",
        "fastapi==0.110.0  # web",
        "uvicorn[standard]==0.29.0 ; python_version >= '3.8'",
        "numpy===1.26.4",
        "scikit-learn==1.5.2 \\",
        "    --hash=sha256:abc",
        "mylib @ https://example.com/mylib-1.0-py3-none-any.whl",
        "git+https://github.com/org/repo.git@v1.2.0#egg=repo",
        "-e ./libs/local",
        "./wheels/thing-1.0-py3-none-any.whl",
      ].join("\n"),
    );
    expect(scan.unpinned).toEqual([]);
    expect(scan.count).toBe(8);
  });

  it("reports each unpinned requirement with its 1-based line and the reason", () => {
    const scan = scanRequirements(
      "fastapi==0.110.0\n\n# tools\npandas\nnumpy>=1.24\nscipy==1.*\ngit+https://github.com/org/repo.git\n",
    );
    expect(scan.unpinned.map((u) => [u.line, u.text])).toEqual([
      [4, "pandas"],
      [5, "numpy>=1.24"],
      [6, "scipy==1.*"],
      [7, "git+https://github.com/org/repo.git"],
    ]);
    expect(scan.unpinned[0]!.reason).toMatch(/no version/);
    expect(scan.unpinned[1]!.reason).toMatch(/range/);
    expect(scan.unpinned[2]!.reason).toMatch(/wildcard/);
    expect(scan.unpinned[3]!.reason).toMatch(/commit or tag/);
  });

  it("lists nested -r includes", () => {
    expect(scanRequirements("-r base.txt\n--requirement=dev.txt\n").includes.map((i) => i.path)).toEqual([
      "base.txt",
      "dev.txt",
    ]);
  });
});
