/**
 * What the course's offline package mirror serves (`pip install` in graded builds and in labs): every project and
 * its one version, wheels made from Debian bookworm's python3-* packages by the mirror's seed
 * (sandbox-runner/images/seed/seed-mirror.sh: its roots and everything they require). Pages list it so a learner
 * knows what `pip install` can find before trying; sandbox-runner/images/package-mirror.docker.test.ts asserts that
 * the running mirror serves exactly these, so the list is true or the build is red.
 */
export const MIRROR_PROJECTS: ReadonlyArray<{ name: string; version: string }> = [
  { name: "anyio", version: "3.6.2" },
  { name: "asgiref", version: "3.6.0" },
  { name: "click", version: "8.1.3" },
  { name: "fastapi", version: "0.92.0" },
  { name: "h11", version: "0.14.0" },
  { name: "idna", version: "3.3" },
  { name: "joblib", version: "1.2.0" },
  { name: "numpy", version: "1.24.2" },
  { name: "pip", version: "23.0.1" },
  { name: "pydantic", version: "1.10.4" },
  { name: "scikit-learn", version: "1.2.1" },
  { name: "scipy", version: "1.10.1" },
  { name: "setuptools", version: "66.1.1" },
  { name: "sniffio", version: "1.2.0" },
  { name: "starlette", version: "0.26.1" },
  { name: "threadpoolctl", version: "3.1.0" },
  { name: "typing-extensions", version: "4.4.0" },
  { name: "uvicorn", version: "0.17.6" },
  { name: "wheel", version: "0.38.4" },
];
