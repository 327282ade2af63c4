import { describe, expect, it } from "vitest";
import { explainBuildError } from "./explain-build-error";

describe("explainBuildError", () => {
  it("says which COPY source is missing from the build context, without BuildKit's internal ref", () => {
    const explained = explainBuildError(
      'failed to calculate checksum of ref 63dca483-5ba6::458qatvqo1cw: "/app": not found',
    );
    expect(explained.message).toBe('COPY or ADD names "app", but the build context has no such file or folder.');
    expect(explained.fix).toContain(".dockerignore does not exclude it");
  });

  it("explains a --from that names no stage and no image, as BuildKit reports it offline", () => {
    const offline =
      "failed to do request: Head " +
      '"https://registry-1.docker.io/v2/library/buildr/manifests/latest": dial ' +
      "tcp: lookup registry-1.docker.io: network is unreachable";
    expect(explainBuildError(offline).message).toContain(
      "from=buildr:latest names neither a stage of this Dockerfile nor an image",
    );
    const summary = "buildr: failed to resolve source metadata for docker.io/library/buildr:latest: pull access denied";
    expect(explainBuildError(summary).message).toContain("from=buildr:latest");
  });

  it("passes other errors through", () => {
    const message = 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3';
    expect(explainBuildError(message)).toEqual({ message });
  });
});
