import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { bench, describe } from "vitest";
import { exerciseChecksSchema } from "../lib/exercises/exercise-schema";
import { runStaticChecks } from "../lib/grading/static/run-static-checks";

const corpusDir = path.resolve(import.meta.dirname, "corpus/dockerfiles");
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".Dockerfile"))
  .sort()
  .map((f) => ({ name: f, dockerfile: readFileSync(path.join(corpusDir, f), "utf8") }));

// A build context like a learner's: enough for the rules that read files (requirements pins, .dockerignore, configs).
const files = [
  {
    path: "requirements.txt",
    content: "fastapi==0.110.0\nuvicorn[standard]==0.29.0\nscikit-learn==1.5.2\nnumpy==1.26.4\npandas>=2.0\n",
  },
  { path: "constraints.txt", content: "urllib3==2.2.1\n" },
  { path: ".dockerignore", content: ".git\n.venv/\n__pycache__/\ndata/\n" },
  { path: ".env", content: "DB_PASSWORD=local\n" },
  { path: "app/__init__.py", content: "" },
  { path: "app/main.py", content: "from fastapi import FastAPI\napp = FastAPI()\n" },
  { path: "model/model.joblib", content: "x" },
  { path: "gunicorn.conf.py", content: 'bind = "0.0.0.0:8000"\nworkers = 2\n' },
  { path: "pyproject.toml", content: "[project]\nname = 'svc'\n" },
  { path: "data/train.csv", content: "a,b\n1,2\n" },
];

const checks = exerciseChecksSchema.parse({
  run: { port: 8000 },
  cache: { mutate: "app/main.py", manifest: "requirements.txt" },
  gpu: { maxCuda: "12.4" },
});

// Longer runs than the default 500 ms: on a shared 2-core machine short runs are dominated by noise.
const STEADY = { time: 3000, warmupTime: 500 };

const typical = corpus.find((c) => c.name === "fastapi-good.Dockerfile")!;
const checksPerFile = runStaticChecks({ dockerfile: typical.dockerfile, files, checks }).length;

describe(`static phase (${corpus.length} Dockerfiles, ${checksPerFile} checks each)`, () => {
  bench(
    "typical 20-line Dockerfile (fastapi-good)",
    () => {
      runStaticChecks({ dockerfile: typical.dockerfile, files, checks });
    },
    STEADY,
  );

  bench(
    "whole corpus, one pass over every file",
    () => {
      for (const { dockerfile } of corpus) runStaticChecks({ dockerfile, files, checks });
    },
    STEADY,
  );
});

// The same corpus through dockerfilelint (its rule set is far smaller: no file reading, no cache, GPU or
// multi-stage reasoning), so the ratio says what our ~30 static rules cost relative to a popular linter.
const require = createRequire(import.meta.url);
const dockerfilelint = require("dockerfilelint") as { run: (configDir: string, content: string) => unknown[] };
// dockerfilelint looks for a .dockerfilelintrc in this folder; an empty one means its default rules.
const lintConfigDir = mkdtempSync(path.join(tmpdir(), "dockerfilelint-"));

// dockerfilelint 1.8 throws on some valid Dockerfiles (e.g. RUN --mount); compare on the files it can read.
const lintable = corpus.filter(({ dockerfile }) => {
  try {
    dockerfilelint.run(lintConfigDir, dockerfile);
    return true;
  } catch {
    return false;
  }
});

describe(`static phase vs dockerfilelint, same ${lintable.length} Dockerfiles`, () => {
  bench(
    "dockyard static phase",
    () => {
      for (const { dockerfile } of lintable) runStaticChecks({ dockerfile, files, checks });
    },
    STEADY,
  );

  bench(
    "dockerfilelint",
    () => {
      for (const { dockerfile } of lintable) dockerfilelint.run(lintConfigDir, dockerfile);
    },
    STEADY,
  );
});
