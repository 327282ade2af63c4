import { describe, expect, it } from "vitest";
import { buildArgsOf, cleanCreatedBy } from "./clean-created-by";

describe("cleanCreatedBy", () => {
  it.each([
    ["/bin/sh -c #(nop)  ENV A=1", "ENV A=1"],
    ["/bin/sh -c #(nop) COPY file:0aac6fdf in /app/x ", "COPY file:0aac6fdf in /app/x"],
    ["/bin/sh -c #(nop) WORKDIR /app", "WORKDIR /app"],
    ['/bin/sh -c #(nop)  CMD ["python3" "app.py"]', 'CMD ["python3" "app.py"]'],
    ["/bin/sh -c pip install --no-cache-dir -r requirements.txt", "RUN pip install --no-cache-dir -r requirements.txt"],
    ["|1 TOKEN=abc /bin/sh -c echo $TOKEN > /t && rm /t", "RUN echo $TOKEN > /t && rm /t"],
    ["|2 A=1 B=2 sh -c echo exec", "RUN echo exec"],
    ["/bin/bash -o pipefail -c curl x | sh", "RUN curl x | sh"],
    ["RUN /bin/sh -c apt-get update # buildkit", "RUN apt-get update"],
    ["COPY . /app # buildkit", "COPY . /app"],
    ["", ""],
  ])("%s → %s", (raw, cleaned) => {
    expect(cleanCreatedBy(raw)).toBe(cleaned);
  });

  it("keeps records that are not in a builder's format, such as an imported base layer's command", () => {
    expect(cleanCreatedBy("sh -eu /tmp/install-python.sh /tmp/debs python3")).toBe(
      "sh -eu /tmp/install-python.sh /tmp/debs python3",
    );
  });
});

describe("buildArgsOf", () => {
  it("reads the build args the classic builder stores in a RUN record", () => {
    expect(buildArgsOf("|2 HF_TOKEN=hf_abc MODE=prod /bin/sh -c make")).toEqual({ HF_TOKEN: "hf_abc", MODE: "prod" });
    expect(buildArgsOf("/bin/sh -c make")).toEqual({});
  });
});
