import type { FileEntry, SecretHit } from "./image-facts";
import { definedNames, scanSecretContent } from "./scan-secret-content";
import { isSecretScanCandidate, secretFileKind } from "./secret-file-kind";

/** Larger files are judged by name only: secrets are short, and reading big files costs memory. */
export const SCAN_FILE_MAX_BYTES = 64 * 1024;
/** Total file bytes read per image; a learner's app files fit many times over. */
export const SCAN_IMAGE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Decides which files of a layer stream are read into memory and turns what
 * it reads into redacted SecretHits. One scanner per image: it owns the budget.
 */
export class SecretScanner {
  private used = 0;
  truncated = false;

  /** Whether the caller should collect this file's bytes and pass them to `scan`. */
  wants(entry: FileEntry): boolean {
    if (entry.whiteout || entry.type !== "file" || entry.size === 0 || entry.size > SCAN_FILE_MAX_BYTES) return false;
    if (!isSecretScanCandidate(entry.path)) return false;
    if (this.used + entry.size > SCAN_IMAGE_MAX_BYTES) {
      this.truncated = true;
      return false;
    }
    this.used += entry.size;
    return true;
  }

  /** A file that was not read can still look like a secret by its name. */
  byName(entry: FileEntry): SecretHit[] {
    if (entry.whiteout || entry.type !== "file") return [];
    const kind = secretFileKind(entry.path);
    return kind ? [{ path: entry.path, kind, by: "name", preview: `${entry.size} bytes, not read` }] : [];
  }

  scan(entry: FileEntry, content: Buffer): SecretHit[] {
    const kind = secretFileKind(entry.path);
    if (content.subarray(0, 8000).includes(0)) {
      return kind ? [{ path: entry.path, kind, by: "name", preview: `binary, ${entry.size} bytes` }] : [];
    }
    const text = content.toString("utf8");
    const found = scanSecretContent(entry.path, text);
    if (!kind) return found;
    // A .pem without a private key is a certificate or a public key: nothing to hide.
    if (kind === "private-key-file") return found;
    const names = kind === "env-file" ? definedNames(text) : [];
    const preview =
      names.length > 0
        ? `defines ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""}`
        : `${entry.size} bytes`;
    return [{ path: entry.path, kind, by: "name", preview }, ...found];
  }
}
