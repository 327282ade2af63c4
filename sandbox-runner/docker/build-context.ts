import type { Readable } from "node:stream";
import { pack } from "tar-stream";

export interface ContextFile {
  path: string;
  content: string;
}

/**
 * Builds the tar build context in memory from validated relative paths: no
 * learner file ever touches the host file system, so nothing can be followed
 * through a symlink or escape a directory.
 */
export function createBuildContext(files: ContextFile[]): Readable {
  const tar = pack();
  // A fixed mtime keeps contexts byte-identical for identical files.
  const mtime = new Date("2020-01-01T00:00:00Z");
  for (const file of files) {
    tar.entry({ name: file.path, mode: 0o644, mtime, type: "file" }, file.content);
  }
  tar.finalize();
  return tar as unknown as Readable;
}
