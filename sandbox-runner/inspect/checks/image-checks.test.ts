import { describe, expect, it } from "vitest";
import { LESSONS } from "../../../lib/content/lesson-slugs";
import { parseDockerfile } from "../../../lib/dockerfile/model";
import { exerciseChecksSchema } from "../../../lib/exercises/exercise-schema";
import type { CheckOutcome } from "../../../lib/grading/checks/check-spec";
import type { ImageCheck } from "../image-check";
import type { ImageFacts } from "../image-facts";
import { IMAGE_CHECKS } from "../run-image-checks";
import { config, dir, file, imageFacts, layers, whiteout } from "../testing/layer-fixtures";
import { buildToolsNotInFinalImage } from "./build-tools-not-in-final-image";
import { cmdOrEntrypoint } from "./cmd-or-entrypoint";
import { exposesServicePort } from "./exposes-service-port";
import { imageBudget } from "./image-budget";
import { imageDeclaresNvidiaEnv } from "./image-declares-nvidia-env";
import { imageHealthcheck } from "./image-healthcheck";
import { isRootUser } from "./image-user-not-root";
import { layerCount, MAX_LEARNER_LAYERS } from "./layer-count";
import { noPackageCaches } from "./no-package-caches";
import { noSecretsInLayers } from "./no-secrets-in-layers";
import { wastedBytes } from "./wasted-bytes";

const MB = 1_000_000;
const BASE = { createdBy: "", isBase: true, files: [dir("usr"), file("usr/bin/python3", 5 * MB)] };

function run(
  check: ImageCheck,
  facts: ImageFacts,
  checks: object = {},
  dockerfile = "FROM debian:bookworm-slim\n",
): CheckOutcome {
  return check.run({ facts, checks: exerciseChecksSchema.parse(checks), dockerfile: parseDockerfile(dockerfile) });
}

describe("the image check catalogue", () => {
  it("has unique ids in <category>.<kebab-name> form, image method, and known lessons", () => {
    const lessons = new Set<string>(Object.values(LESSONS));
    expect(new Set(IMAGE_CHECKS.map((c) => c.id)).size).toBe(IMAGE_CHECKS.length);
    for (const spec of IMAGE_CHECKS) {
      expect(spec.id).toMatch(new RegExp(`^${spec.category}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
      expect(spec.method).toBe("image");
      expect(lessons.has(spec.lesson), spec.id).toBe(true);
      expect(spec.why.length, spec.id).toBeGreaterThan(40);
    }
  });
});

describe("security.image-user-not-root", () => {
  it.each([
    ["", true],
    ["root", true],
    ["0", true],
    ["0:0", true],
    ["root:root", true],
    ["0:1000", true],
    ["app", false],
    ["10001:10001", false],
    ["1000", false],
  ])("user %j is root: %s", (user, root) => {
    expect(isRootUser(user)).toBe(root);
  });
});

describe("correctness.image-healthcheck", () => {
  it("fails HEALTHCHECK NONE", () => {
    const facts = imageFacts(layers(BASE), { config: config({ healthcheck: { test: ["NONE"] } }) });
    expect(run(imageHealthcheck, facts, { run: { port: 8000 } })).toMatchObject({ status: "fail" });
  });

  it("is skipped when the exercise turns requireHealthcheck off", () => {
    expect(
      run(imageHealthcheck, imageFacts(layers(BASE)), { run: { port: 8000, requireHealthcheck: false } }).status,
    ).toBe("skipped");
  });
});

describe("gpu.image-declares-nvidia-env", () => {
  const gpu = { gpu: {} };
  const withEnv = (env: Record<string, string>) => imageFacts(layers(BASE), { config: config({ env }) });
  const finding = (outcome: CheckOutcome) => (outcome.status === "fail" ? outcome.findings[0] : undefined);

  it("fails a GPU image on plain Debian that declares neither variable, naming both", () => {
    const r = finding(run(imageDeclaresNvidiaEnv, withEnv({ PATH: "/usr/bin" }), gpu));
    expect(r?.location).toBe("image config");
    expect(r?.message).toContain("NVIDIA_VISIBLE_DEVICES or NVIDIA_DRIVER_CAPABILITIES");
    expect(r?.message).toContain("gets no GPU at all");
  });

  it("fails on the capabilities alone when only they are missing, saying what toolkits do then", () => {
    const r = finding(run(imageDeclaresNvidiaEnv, withEnv({ NVIDIA_VISIBLE_DEVICES: "all" }), gpu));
    expect(r?.message).toContain("older ones only utility");
  });

  it("passes declared variables (their values are gpu.nvidia-env-intact's), and skips CPU exercises", () => {
    const declared = withEnv({ NVIDIA_VISIBLE_DEVICES: "all", NVIDIA_DRIVER_CAPABILITIES: "compute,utility" });
    expect(run(imageDeclaresNvidiaEnv, declared, gpu).status).toBe("pass");
    expect(run(imageDeclaresNvidiaEnv, withEnv({}), {}).status).toBe("skipped");
  });
});

describe("size.wasted-bytes thresholds", () => {
  const withWaste = (bytes: number, kept: number) =>
    imageFacts(
      layers(
        BASE,
        { createdBy: "RUN make", files: [file("tmp/build.o", bytes), file("app/bin", kept)] },
        { createdBy: "RUN rm /tmp/build.o", files: [whiteout("tmp/build.o")] },
      ),
    );

  it("passes under 1 MB, warns between 1 and 10 MB, fails above", () => {
    expect(run(wastedBytes, withWaste(0.5 * MB, MB)).status).toBe("pass");
    expect(run(wastedBytes, withWaste(5 * MB, MB)).status).toBe("warn");
    expect(run(wastedBytes, withWaste(12 * MB, 0)).status).toBe("fail");
  });

  it("only warns when the waste is over 10 MB but under 10% of a big learner image", () => {
    expect(run(wastedBytes, withWaste(12 * MB, 500 * MB)).status).toBe("warn");
  });
});

describe("size.image-budget", () => {
  it("is skipped without size.maxMB", () => {
    expect(run(imageBudget, imageFacts(layers(BASE))).status).toBe("skipped");
  });

  it("compares in the decimal MB docker images prints", () => {
    const facts = imageFacts(layers(BASE), { sizeBytes: 99_900_000 });
    expect(run(imageBudget, facts, { size: { maxMB: 100 } }).status).toBe("pass");
    expect(run(imageBudget, { ...facts, sizeBytes: 100_100_000 }, { size: { maxMB: 100 } }).status).toBe("fail");
  });
});

describe("correctness.cmd-or-entrypoint without a known base", () => {
  const withConfig = (cmd: string[] | null, entrypoint: string[] | null = null) =>
    imageFacts(layers(BASE), { config: config({ cmd, entrypoint }) });

  it("fails nothing to start and a bare interpreter", () => {
    expect(run(cmdOrEntrypoint, withConfig(null)).status).toBe("fail");
    expect(run(cmdOrEntrypoint, withConfig(["python3"])).status).toBe("fail");
    expect(run(cmdOrEntrypoint, withConfig(["/bin/bash"])).status).toBe("fail");
  });

  it("passes a service command", () => {
    expect(run(cmdOrEntrypoint, withConfig(["app.py"], ["python3"]))).toMatchObject({
      status: "pass",
      message: "The image starts `python3 app.py` by default.",
    });
  });
});

describe("correctness.exposes-service-port", () => {
  it("is skipped when the exercise runs no service", () => {
    expect(run(exposesServicePort, imageFacts(layers(BASE))).status).toBe("skipped");
  });
});

describe("size.layer-count", () => {
  it("warns past the limit", () => {
    const many = Array.from({ length: MAX_LEARNER_LAYERS + 1 }, (_, i) => ({
      createdBy: `RUN step ${i}`,
      files: [file(`f${i}`, 1)],
    }));
    expect(run(layerCount, imageFacts(layers(BASE, ...many))).status).toBe("warn");
    expect(run(layerCount, imageFacts(layers(BASE, ...many.slice(1)))).status).toBe("pass");
  });
});

describe("size.no-package-caches", () => {
  it("ignores apt's lock and partial/ and compiled bytecode of installed packages", () => {
    const facts = imageFacts(
      layers(BASE, {
        createdBy: "RUN apt-get update && pip install x",
        files: [
          file("var/lib/apt/lists/lock", 0),
          file("var/lib/apt/lists/partial/x", 50_000),
          file("usr/local/lib/python3.11/site-packages/x/__pycache__/a.cpython-311.pyc", 500_000),
        ],
      }),
    );
    expect(run(noPackageCaches, facts).status).toBe("pass");
  });
});

describe("size.build-tools-not-in-final-image", () => {
  it("counts a large usr/include as a development toolchain, a few headers not", () => {
    const headers = (n: number) => Array.from({ length: n }, (_, i) => file(`usr/include/h${i}.h`, 100));
    expect(
      run(
        buildToolsNotInFinalImage,
        imageFacts(layers(BASE, { createdBy: "RUN apt-get install libpq-dev", files: headers(10) })),
      ).status,
    ).toBe("pass");
    const outcome = run(
      buildToolsNotInFinalImage,
      imageFacts(layers(BASE, { createdBy: "RUN apt-get install libc6-dev", files: headers(150) })),
    );
    expect(outcome).toMatchObject({
      status: "fail",
      findings: [expect.objectContaining({ message: expect.stringContaining("/usr/include/ (150 headers)") })],
    });
  });
});

describe("security.no-secrets-in-layers on config values", () => {
  it("ignores ENV the base image set and public values such as GPG_KEY", () => {
    const facts = imageFacts(layers(BASE), {
      config: config({
        env: { GPG_KEY: "A035C8C19219BA821ECEA86B64E628F8D684696D", BASE_TOKEN: "from-base", LOG_LEVEL: "info" },
      }),
      base: {
        ref: "python:3.11",
        diffIds: [],
        historyLength: 1,
        config: { user: "", env: { BASE_TOKEN: "from-base" }, cmd: null, entrypoint: null },
      },
    });
    expect(run(noSecretsInLayers, facts).status).toBe("pass");
  });

  it("fails a learner ENV whose value has a token format, whatever its name", () => {
    const token = ["ghp", "_", "0123456789abcdefghij0123456789abcdef"].join("");
    const facts = imageFacts(layers(BASE), { config: config({ env: { GIT_REMOTE_AUTH_VALUE: token } }) });
    const outcome = run(
      noSecretsInLayers,
      facts,
      {},
      `FROM debian:bookworm-slim\nENV GIT_REMOTE_AUTH_VALUE=${token}\n`,
    );
    expect(outcome).toMatchObject({
      status: "fail",
      findings: [
        expect.objectContaining({
          location: "Dockerfile:2",
          message: expect.stringContaining("looks like a GitHub token"),
        }),
      ],
    });
    expect(JSON.stringify(outcome)).not.toContain(token);
  });
});
