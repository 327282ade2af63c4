import type { CheckSpec } from "../grading/lib";
import { LESSONS } from "../grading/lib";

export const installStepFound: CheckSpec = {
  id: "cache.install-step-found",
  category: "cache",
  title: "There is a dependency install step",
  method: "static",
  measures: 'RUN instructions of the final stage containing the exercise\'s install marker (e.g. "pip install").',
  points: 1,
  why:
    "Installing dependencies is usually the slowest step of a build; the " +
    "cache checks need to find it to tell whether Docker can skip it when " +
    "only your code changes.",
  fix:
    "Install the dependencies in their own RUN step in the final stage, e.g. " +
    "`RUN pip install --no-cache-dir -r requirements.txt`.",
  lesson: LESSONS.caching,
  params: ["cache.installMarker"],
};

export const codeChangeReusesDependencies: CheckSpec = {
  id: "cache.code-change-reuses-dependencies",
  category: "cache",
  title: "Editing your code does not reinstall the dependencies",
  method: "image",
  measures:
    "Rebuilds with one comment line added to the app file and reads " +
    "BuildKit's own record of every final-stage step: CACHED (reused) or run again.",
  points: 3,
  why:
    "Docker reuses a step only if that step and every step before it are " +
    "unchanged. If the code is copied before the install, every code edit " +
    "reinstalls all dependencies: minutes per build instead of seconds.",
  fix:
    "Copy only the dependency file first, install, then copy the rest of the " +
    "code: `COPY requirements.txt .`, `RUN pip install --no-cache-dir -r " +
    "requirements.txt`, then `COPY . .`.",
  lesson: LESSONS.caching,
  params: ["cache.mutate", "cache.installMarker"],
};

export const manifestChangeRebuildsInstall: CheckSpec = {
  id: "cache.manifest-change-rebuilds-install",
  category: "cache",
  title: "Changing the dependency file reruns the install",
  method: "image",
  measures:
    "Rebuilds with one comment line added to the dependency file and checks " +
    "that BuildKit ran the install step again rather than reporting it CACHED.",
  points: 1,
  why:
    "The install step must depend on the dependency file, or adding a package " +
    "to it would silently change nothing. It also shows the cache comparison " +
    "can see a rebuild when one should happen.",
  fix:
    "Copy the dependency file into the image right before the install step " +
    "and install from it: `COPY requirements.txt .` then `RUN pip install " +
    "--no-cache-dir -r requirements.txt`.",
  lesson: LESSONS.caching,
  params: ["cache.manifest", "cache.installMarker"],
};

export const CACHE_CHECKS: CheckSpec[] = [
  installStepFound,
  codeChangeReusesDependencies,
  manifestChangeRebuildsInstall,
];
