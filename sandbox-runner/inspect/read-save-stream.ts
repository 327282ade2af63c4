import { posix } from "node:path";
import { Readable } from "node:stream";
import { extract } from "tar-stream";
import { PlatformFault } from "../grading/lib";
import type { FileEntry, SecretHit } from "./image-facts";
import type { SecretScanner } from "./secret-scanner";
import { normalisePath, toFileEntry } from "./to-file-entry";

export interface SavedLayer {
  files: FileEntry[];
  secrets: SecretHit[];
  /** The account files this layer writes (etc/passwd, etc/group), read so USER names can be resolved. */
  accountFiles?: Map<string, string>;
}

/** Files kept as text whatever the secret scanner decides: small, and needed to know who USER is. */
const ACCOUNT_FILES = new Set(["etc/passwd", "etc/group"]);
const ACCOUNT_FILE_MAX_BYTES = 256 * 1024;

export interface SaveContents {
  /** Top-level JSON documents: manifest.json and the image config "<id>.json". */
  documents: Map<string, unknown>;
  /** Keyed by the path manifest.json uses: "blobs/sha256/<hex>" (OCI layout, Engine 25+) or "<v1 id>/layer.tar". */
  layers: Map<string, SavedLayer>;
}

const JSON_MAX_BYTES = 32 * 1024 * 1024;

type Entry = AsyncIterable<Buffer> & {
  header: { name: string; type: string | null; linkname: string | null; size: number; uid?: number; gid?: number };
};

/**
 * Reads a `docker save` stream in one pass, without touching the disk: every
 * layer tar is parsed as it streams past, keeping file headers and only the
 * small files the scanner asks for. The save tar lists layers in directory
 * order and manifest.json last, so layers are keyed by path and ordered later.
 * Engines since 25 save an OCI layout, where layers and the config are both
 * blobs under blobs/sha256/: a blob that starts like a tar is a layer, one
 * that starts like JSON is a document.
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
    } else if (name.startsWith("blobs/") && entry.header.type === "file") {
      const { head, rest } = await peek(entry, TAR_BLOCK);
      if (looksLikeTar(head)) layers.set(name, await readLayerTar(Readable.from(prepend(head, rest)), scanner));
      else documents.set(name, parseJson(name, await collect(prepend(head, rest), JSON_MAX_BYTES)));
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

const TAR_BLOCK = 512;

/** A tar header carries "ustar" at offset 257; an empty tar is all zero blocks. */
function looksLikeTar(head: Buffer): boolean {
  if (head.length < TAR_BLOCK) return head.length === 0;
  return head.subarray(257, 262).toString("latin1") === "ustar" || head.subarray(0, TAR_BLOCK).every((b) => b === 0);
}

async function peek(
  stream: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < bytes) {
    const next = await rest.next();
    if (next.done) break;
    chunks.push(next.value);
    total += next.value.length;
  }
  return { head: Buffer.concat(chunks), rest };
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function readLayerTar(source: Entry | Readable, scanner: SecretScanner): Promise<SavedLayer> {
  const inner = extract();
  (source as unknown as { pipe(dest: unknown): unknown }).pipe(inner);
  const files: FileEntry[] = [];
  const secrets: SecretHit[] = [];
  let accountFiles: Map<string, string> | undefined;
  for await (const raw of inner) {
    const item = raw as unknown as Entry;
    const entry = toFileEntry(item.header);
    const isAccountFile =
      entry?.type === "file" && ACCOUNT_FILES.has(entry.path) && entry.size <= ACCOUNT_FILE_MAX_BYTES;
    if (entry && isAccountFile) {
      const content = await collect(item, entry.size);
      accountFiles ??= new Map();
      accountFiles.set(entry.path, content.toString("utf8"));
      secrets.push(...(scanner.wants(entry) ? scanner.scan(entry, content) : scanner.byName(entry)));
    } else if (entry && scanner.wants(entry)) {
      secrets.push(...scanner.scan(entry, await collect(item, entry.size)));
    } else {
      await drain(item);
      if (entry) secrets.push(...scanner.byName(entry));
    }
    if (entry) files.push(entry);
  }
  return { files, secrets, ...(accountFiles ? { accountFiles } : {}) };
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
      throw new PlatformFault("docker", `An entry of the saved image is larger than the ${maxBytes} bytes expected.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new PlatformFault("docker", `The saved image's ${name} is not valid JSON.`, {
      cause: err,
      details: { name },
    });
  }
}
