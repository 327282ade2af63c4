import { extract } from "tar-stream";
import { posix } from "node:path";
import { AppError } from "../../lib/errors/app-error";
import type { FileEntry, SecretHit } from "./image-facts";
import type { SecretScanner } from "./secret-scanner";
import { normalisePath, toFileEntry } from "./to-file-entry";

export interface SavedLayer {
  files: FileEntry[];
  secrets: SecretHit[];
}

export interface SaveContents {
  /** Top-level JSON documents: manifest.json and the image config "<id>.json". */
  documents: Map<string, unknown>;
  /** Keyed by the path manifest.json uses, e.g. "<v1 id>/layer.tar". */
  layers: Map<string, SavedLayer>;
}

const JSON_MAX_BYTES = 32 * 1024 * 1024;

type Entry = AsyncIterable<Buffer> & { header: { name: string; type: string | null; linkname: string | null; size: number } };

/**
 * Reads a `docker save` stream in one pass, without touching the disk: every
 * layer tar is parsed as it streams past, keeping file headers and only the
 * small files the scanner asks for. The save tar lists layers in directory
 * order and manifest.json last, so layers are keyed by path and ordered later.
 */
export async function readSaveStream(source: NodeJS.ReadableStream, scanner: SecretScanner): Promise<SaveContents> {
  const outer = extract();
  source.on("error", (err: Error) => outer.destroy(err));
  source.pipe(outer as unknown as NodeJS.WritableStream);

  const documents = new Map<string, unknown>();
  const layers = new Map<string, SavedLayer>();
  // The engine stores identical layers once and links the others to it.
  const aliases = new Map<string, string>();

  for await (const raw of outer) {
    const entry = raw as unknown as Entry;
    const name = normalisePath(entry.header.name);
    if (name.endsWith("layer.tar") && entry.header.type === "symlink" && entry.header.linkname) {
      aliases.set(name, posix.normalize(posix.join(posix.dirname(name), entry.header.linkname)));
      await drain(entry);
    } else if (name.endsWith("layer.tar") && entry.header.type === "file") {
      layers.set(name, await readLayerTar(entry, scanner));
    } else if (!name.includes("/") && name.endsWith(".json") && entry.header.type === "file") {
      documents.set(name, parseJson(name, await collect(entry, JSON_MAX_BYTES)));
    } else {
      await drain(entry);
    }
  }

  for (const [alias, target] of aliases) {
    const layer = layers.get(target);
    if (layer) layers.set(alias, layer);
  }
  return { documents, layers };
}

async function readLayerTar(source: Entry, scanner: SecretScanner): Promise<SavedLayer> {
  const inner = extract();
  (source as unknown as { pipe(dest: unknown): unknown }).pipe(inner);
  const files: FileEntry[] = [];
  const secrets: SecretHit[] = [];
  for await (const raw of inner) {
    const item = raw as unknown as Entry;
    const entry = toFileEntry(item.header);
    if (entry && scanner.wants(entry)) {
      secrets.push(...scanner.scan(entry, await collect(item, entry.size)));
    } else {
      await drain(item);
      if (entry) secrets.push(...scanner.byName(entry));
    }
    if (entry) files.push(entry);
  }
  return { files, secrets };
}

async function drain(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of stream) void chunk;
}

async function collect(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new AppError("INTERNAL", `An entry of the saved image is larger than the ${maxBytes} bytes expected.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AppError("INTERNAL", `The saved image's ${name} is not valid JSON.`, { name });
  }
}
