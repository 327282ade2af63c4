import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExercise, loadSolution } from "../../lib/exercises/load-exercise";
import type { ContextFile } from "../docker/build-context";
import type { BuildNetwork } from "../docker/build-network";
import { ignoreNotFound } from "../docker/docker-error";
import { engineClient } from "../docker/engine";
import { ensurePackageMirror } from "../images/package-mirror";
import { ensureBaseImages } from "../images/seed-base-images";
import { LABEL_SUBMISSION } from "../owner-labels";
import { buildOnMirror } from "../testing/build-test-image";

// The pickled-model-server exercise ships a pre-trained model as a fixed file. Its claim is that the file is what
// training/train.py makes from a fixed seed: this rebuilds the model with the scikit-learn the solution pins, from
// the mirror, in the seeded python:3.11-slim, and compares the two byte for byte. The files are the exercise's
// fixed files as the platform loads them, so the pickle also survives the platform's text handling unchanged.
const SUBMISSION = `test-pickled-model-fixture-${process.pid}`;
const MODEL = "model/iris-tree.pkl";
const docker = engineClient();
const tags: string[] = [];
let network: BuildNetwork;
let fixture: ContextFile[];
let sklearnPin: string;

const DOCKERFILE = (pin: string) => `FROM python:3.11-slim
RUN pip install --no-cache-dir ${pin}
COPY training/train.py ${MODEL} /fixture/
RUN python /fixture/train.py /tmp/regenerated.pkl && python -c "import pathlib, sys; \\
same = pathlib.Path('/fixture/iris-tree.pkl').read_bytes() == pathlib.Path('/tmp/regenerated.pkl').read_bytes(); \\
print('fixture matches' if same else 'fixture differs'); sys.exit(0 if same else 1)"
`;

async function build(name: string, model: string): Promise<{ ok: boolean; output: string }> {
  const tag = `dockyard-test/${name}:${process.pid}`;
  tags.push(tag);
  const files = fixture.map((f) => (f.path === MODEL ? { path: f.path, content: model } : f));
  return buildOnMirror(SUBMISSION, tag, [{ path: "Dockerfile", content: DOCKERFILE(sklearnPin) }, ...files], network);
}

afterAll(async () => {
  for (const tag of tags) await ignoreNotFound(docker.getImage(tag).remove({ force: true }));
  const images = await docker.listImages({ all: true, filters: { label: [`${LABEL_SUBMISSION}=${SUBMISSION}`] } });
  for (const image of images) await ignoreNotFound(docker.getImage(image.Id).remove({ force: true }));
});

describe("the pickled-model-server exercise's model", () => {
  beforeAll(async () => {
    await ensureBaseImages({ log: (line) => console.log(`[seed] ${line}`) });
    network = await ensurePackageMirror(docker);
    const exercise = await loadExercise("pickled-model-server");
    fixture = exercise.fixed.filter((f) => f.path === "training/train.py" || f.path === MODEL);
    const requirements = (await loadSolution(exercise)).find((f) => f.path === "requirements.txt")?.content ?? "";
    sklearnPin = requirements.match(/^scikit-learn==\S+$/m)?.[0] ?? "";
  }, 900_000);

  it("is what training/train.py makes with the solution's scikit-learn, byte for byte", async () => {
    expect(fixture.map((f) => f.path).sort()).toEqual([MODEL, "training/train.py"]);
    expect(sklearnPin).toMatch(/^scikit-learn==1\./);
    const model = fixture.find((f) => f.path === MODEL)!.content;
    // Plain ASCII: the exercise's files are text, and the build context writes them as UTF-8.
    expect(model).toMatch(/^[\x20-\x7e\n]+$/);
    const result = await build("pickled-model-fixture", model);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain("fixture matches");
  }, 300_000);

  it("notices a model that differs from the training script's by one character", async () => {
    const model = fixture.find((f) => f.path === MODEL)!.content.replace("I3\n", "I4\n");
    const result = await build("pickled-model-fixture-changed", model);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("fixture differs");
  }, 300_000);
});
