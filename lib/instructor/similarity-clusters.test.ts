import { describe, expect, it } from "vitest";
import { df } from "../grading/static/testing/check-fixture";
import { similarityClusters } from "./similarity-clusters";

const STARTER = "# Start from the slim Python base image.\nFROM python:3.11-slim\n";
const SOLUTION = df`
  FROM python:3.11-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install --no-cache-dir -r requirements.txt
  COPY app/ ./app/
  CMD ["python", "app/main.py"]
`;

const OWN = df`
  FROM python:3.11-slim
  RUN useradd --create-home --uid 10001 predictor
  ENV MODEL_DIR=/opt/model PYTHONDONTWRITEBYTECODE=1
  WORKDIR $MODEL_DIR
  COPY --chown=predictor:predictor requirements.txt .
  RUN pip install --no-cache-dir -r requirements.txt && rm -rf /root/.cache
  COPY --chown=predictor:predictor app/ ./app/
  USER predictor
  HEALTHCHECK CMD python -c "import app.main" || exit 1
  CMD ["python", "app/main.py"]
`;

const reference = [STARTER, SOLUTION];
const keysOf = (result: ReturnType<typeof similarityClusters>) => result.clusters.map((c) => [...c.members].sort());

describe("similarityClusters", () => {
  it("clusters a copy with a line added and a path changed, below a full match", () => {
    const edited = OWN.replace("/opt/model", "/opt/svc").replace(
      "USER predictor",
      "LABEL maintainer=me\nUSER predictor",
    );
    const result = similarityClusters(
      [
        { key: "a", dockerfile: OWN },
        { key: "b", dockerfile: edited },
      ],
      reference,
    );
    expect(keysOf(result)).toEqual([["a", "b"]]);
    const [pair] = result.clusters[0]!.pairs;
    expect(pair!.score).toBeGreaterThan(0.5);
    expect(pair!.score).toBeLessThan(1);
    expect(result.clusters[0]!.identical).toBe(false);
  });

  it("does not cluster answers alike only in the solution's lines, nor files that are the solution", () => {
    // Both are the solution plus a common fix (PYTHONUNBUFFERED) and a line of their own: by plain Jaccard they are
    // 63% alike, which would group them; with the solution's lines counting a tenth they are 38% alike.
    const withFix = SOLUTION.replace("WORKDIR", "ENV PYTHONUNBUFFERED=1\nWORKDIR");
    const one = withFix.replace("CMD", "RUN python -m compileall -q app\nCMD");
    const two = withFix.replace("CMD", "EXPOSE 8000\nCMD");
    const result = similarityClusters(
      [
        { key: "one", dockerfile: one },
        { key: "two", dockerfile: two },
        { key: "solution", dockerfile: `# mine\n${SOLUTION}` },
        { key: "also-solution", dockerfile: SOLUTION.replace(/^[A-Z]+/gm, (keyword) => keyword.toLowerCase()) },
      ],
      reference,
    );
    expect(result.clusters).toEqual([]);
    expect(result.nearReference).toEqual(["solution", "also-solution"]);
  });

  it("joins a chain of copies into one cluster, strongest clusters first", () => {
    const step = OWN.replace("/opt/model", "/opt/svc");
    const further = step.replace("rm -rf /root/.cache", "pip cache purge");
    const other = df`
      FROM python:3.11-slim AS build
      RUN python -m venv /venv && /venv/bin/pip install numpy==1.26.4 scikit-learn==1.5.2
      FROM python:3.11-slim
      COPY --from=build /venv /venv
      COPY app/ /srv/app/
      CMD ["/venv/bin/python", "/srv/app/main.py"]
    `;
    const result = similarityClusters(
      [
        { key: "a", dockerfile: OWN },
        { key: "b", dockerfile: step },
        { key: "c", dockerfile: further },
        { key: "x", dockerfile: other },
        { key: "y", dockerfile: other.replace("AS build", "AS deps").replace("--from=build", "--from=deps") },
      ],
      reference,
    );
    expect(keysOf(result)).toEqual([
      ["x", "y"],
      ["a", "b", "c"],
    ]);
    expect(result.clusters[0]!.identical).toBe(true);
    expect(result.clusters[1]!.pairs).toHaveLength(3);
  });
});
