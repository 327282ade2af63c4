import { Readable } from "node:stream";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { assembleImageFacts } from "./assemble-image-facts";
import { readSaveStream } from "./read-save-stream";
import { SecretScanner } from "./secret-scanner";

type TarItem = {
  name: string;
  type?: "file" | "directory" | "symlink";
  mode?: number;
  linkname?: string;
  content?: string | Buffer;
};

async function tarBytes(items: TarItem[]): Promise<Buffer> {
  const tar = pack();
  for (const { content, ...header } of items) tar.entry(header, content ?? "");
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const AWS_KEY = ["AKIA", "ZXCVBNMASDFGHJKL"].join("");

// A save tar shaped like engine 20.10's: layer directories in name order, a
// duplicate layer stored as a symlink, manifest.json last.
async function savedImage(): Promise<Readable> {
  const base = await tarBytes([
    { name: "./", type: "directory" },
    { name: "./etc/", type: "directory" },
    { name: "./etc/app.conf", content: `key=${AWS_KEY}\n` },
    { name: "./usr/bin/su", mode: 0o4755, content: "x" },
  ]);
  const learner = await tarBytes([
    { name: "app/", type: "directory" },
    { name: "app/.env", content: "API_KEY=secret\n" },
    { name: "app/settings.py", content: `AWS = "${AWS_KEY}"\n` },
  ]);
  const empty = await tarBytes([{ name: "app/", type: "directory" }]);
  const cleanup = await tarBytes([
    { name: "app/.wh..env", content: "" },
    { name: "cache/", type: "directory" },
    { name: "cache/.wh..wh..opq", content: "" },
  ]);
  const config = {
    config: { User: "", Env: ["PATH=/usr/bin"], Cmd: ["python3"] },
    history: [
      { comment: "base" },
      { created_by: "/bin/sh -c #(nop) WORKDIR /app" },
      { created_by: "/bin/sh -c #(nop) COPY dir:abc in /app " },
      { created_by: "/bin/sh -c #(nop)  ENV A=1", empty_layer: true },
      { created_by: "/bin/sh -c #(nop) WORKDIR /app" },
      { created_by: "/bin/sh -c rm /app/.env" },
    ],
    rootfs: { diff_ids: ["sha256:base", "sha256:empty", "sha256:learner", "sha256:empty", "sha256:cleanup"] },
  };
  const manifest = [
    {
      Config: "cfg.json",
      RepoTags: ["x:latest"],
      Layers: ["b/layer.tar", "e/layer.tar", "l/layer.tar", "f/layer.tar", "c/layer.tar"],
    },
  ];
  const save = await tarBytes([
    { name: "b/", type: "directory" },
    { name: "b/layer.tar", content: base },
    { name: "c/layer.tar", content: cleanup },
    { name: "cfg.json", content: JSON.stringify(config) },
    { name: "e/layer.tar", content: empty },
    { name: "f/layer.tar", type: "symlink", linkname: "../e/layer.tar" },
    { name: "l/VERSION", content: "1.0" },
    { name: "l/layer.tar", content: learner },
    { name: "manifest.json", content: JSON.stringify(manifest) },
  ]);
  return Readable.from([save]);
}

describe("readSaveStream + assembleImageFacts", () => {
  it("orders layers by the manifest, resolves linked layers, and maps history around empty layers", async () => {
    const scanner = new SecretScanner();
    const saved = await readSaveStream(await savedImage(), scanner);
    const facts = assembleImageFacts({
      id: "sha256:img",
      sizeBytes: 123,
      config: { Cmd: ["python3"], Entrypoint: null, Labels: {} },
      saved,
      base: {
        ref: "base:1",
        diffIds: ["sha256:base"],
        historyLength: 1,
        config: { user: "", env: {}, cmd: ["python3"], entrypoint: null },
      },
      secretScanTruncated: scanner.truncated,
    });

    expect(facts.layers.map((l) => [l.createdBy, l.isBase])).toEqual([
      ["", true],
      ["WORKDIR /app", false],
      ["COPY dir:abc in /app", false],
      ["WORKDIR /app", false],
      ["RUN rm /app/.env", false],
    ]);
    expect(facts.layers[3]!.files).toEqual(facts.layers[1]!.files);
    expect(facts.history.map((h) => [h.layerIndex, h.isBase])).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [undefined, false],
      [3, false],
      [4, false],
    ]);
  });

  it("normalises paths and turns .wh. entries into deletions", async () => {
    const saved = await readSaveStream(await savedImage(), new SecretScanner());
    const base = saved.layers.get("b/layer.tar")!;
    expect(base.files.map((f) => f.path)).toEqual(["etc", "etc/app.conf", "usr/bin/su"]);
    expect(base.files[2]).toMatchObject({ mode: 0o4755, type: "file", size: 1 });
    expect(saved.layers.get("c/layer.tar")!.files).toEqual([
      expect.objectContaining({ path: "app/.env", whiteout: true, type: "other" }),
      expect.objectContaining({ path: "cache", type: "dir" }),
      expect.objectContaining({ path: "cache", whiteout: true, opaque: true }),
    ]);
  });

  it("keeps content matches only for learner layers, with redacted previews", async () => {
    const scanner = new SecretScanner();
    const saved = await readSaveStream(await savedImage(), scanner);
    const facts = assembleImageFacts({
      id: "x",
      sizeBytes: 1,
      config: { Cmd: null, Entrypoint: null, Labels: {} },
      saved,
      base: {
        ref: "base:1",
        diffIds: ["sha256:base"],
        historyLength: 1,
        config: { user: "", env: {}, cmd: null, entrypoint: null },
      },
      secretScanTruncated: false,
    });
    expect(facts.layers[0]!.secrets).toEqual([]);
    expect(facts.layers[2]!.secrets).toEqual([
      { path: "app/.env", kind: "env-file", by: "name", preview: "defines API_KEY" },
      { path: "app/settings.py", kind: "aws-access-key-id", by: "content", preview: "AKIA…(20 chars)", line: 1 },
    ]);
    expect(JSON.stringify(facts)).not.toContain(AWS_KEY);
  });
});
