import type { SecretFormatKind } from "../grading/lib";
/**
 * What the inspect phase knows about a built image: its config, its history
 * and, for every layer, the file entries it adds, changes or deletes. The
 * image checks read only these facts, so they can be tested on synthetic
 * layers without an engine.
 */

export type FileType = "file" | "dir" | "symlink" | "hardlink" | "other";

export interface FileEntry {
  /** Relative to the image root: no leading "/" or "./". For a whiteout, the path it deletes. */
  path: string;
  size: number;
  mode: number;
  /** Whiteout markers have type "other", so no size sum or file search ever counts them. */
  type: FileType;
  uid: number;
  /** Absent in synthetic facts; 0 (root's group) is the common case. */
  gid?: number;
  /** Where a symlink points (as written: relative or absolute), or the path a hard link shares its file with. */
  linkTarget?: string;
  /**
   * A deletion: ".wh.<name>" deletes <name> (and everything under it) from
   * lower layers; ".wh..wh..opq" marks `path` opaque, hiding everything under
   * it from lower layers while the directory itself stays.
   */
  whiteout?: boolean;
  opaque?: boolean;
}

export type SecretKind =
  | "env-file"
  | "ssh-private-key-file"
  | "private-key-file"
  | "certificate-bundle-file"
  | "credentials-file"
  | "netrc"
  | "npmrc"
  | "pypirc"
  | "git-credentials"
  | "kubeconfig"
  | "docker-config"
  | SecretFormatKind;

/** A secret-looking file or string: never the secret itself, only a redacted preview. */
export interface SecretHit {
  path: string;
  kind: SecretKind;
  /** "name": the file name looks like a secret; "content": a known secret format inside it. */
  by: "name" | "content";
  /** Safe to show: e.g. "AKIA…(20 chars)" or "defines DB_PASSWORD, API_KEY". */
  preview: string;
  /** 1-based line of a content match. */
  line?: number;
}

export interface LayerFacts {
  /** 0-based from the bottom of the image. */
  index: number;
  diffId: string;
  /** The instruction as a Dockerfile would spell it, e.g. "RUN pip install -r requirements.txt". */
  createdBy: string;
  /** As the engine recorded it, e.g. "|1 TOKEN=abc /bin/sh -c pip install ..."; build args show up here. */
  rawCreatedBy: string;
  /** Sum of the sizes of the regular files in the layer, what dive shows per layer. */
  sizeBytes: number;
  /** Part of the base image of the final stage, i.e. not something the learner's Dockerfile added. */
  isBase: boolean;
  files: FileEntry[];
  secrets: SecretHit[];
}

/** Every history entry, including those that made no layer (ENV, ARG, CMD, LABEL ...). */
export interface HistoryFacts {
  createdBy: string;
  rawCreatedBy: string;
  emptyLayer: boolean;
  isBase: boolean;
  /** Index into ImageFacts.layers when the entry made a layer. */
  layerIndex?: number;
}

export interface HealthcheckFacts {
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
}

export interface ImageConfigFacts {
  user: string;
  env: Record<string, string>;
  cmd: string[] | null;
  entrypoint: string[] | null;
  healthcheck?: HealthcheckFacts;
  /** e.g. ["8000/tcp"] */
  exposedPorts: string[];
  workingDir: string;
  labels: Record<string, string>;
}

/** The base image of the final stage, when the grader could inspect it. */
export interface BaseImageFacts {
  ref: string;
  diffIds: string[];
  historyLength: number;
  config: Pick<ImageConfigFacts, "user" | "env" | "cmd" | "entrypoint">;
}

export interface ImageFacts {
  id: string;
  /** As `docker images` reports it: the sum of the uncompressed layer sizes. */
  sizeBytes: number;
  config: ImageConfigFacts;
  layers: LayerFacts[];
  history: HistoryFacts[];
  base?: BaseImageFacts;
  /** True when the per-image budget for reading file contents ran out, so some small files went unscanned. */
  secretScanTruncated: boolean;
  /** /etc/passwd and /etc/group as the image has them (the topmost copy), to turn USER names into ids. */
  accounts?: { passwd?: string; group?: string };
}
