import type Docker from "dockerode";
import { engineClient } from "../docker/engine";
import { type InputKey, inputKeys, REPO_ROOT } from "../remembered/input-key";

export interface VerificationSubject {
  kind: "exercise" | "lab";
  slug: string;
  /** The exercise's or lab's folder (content/exercises/<slug>, content/labs/<slug>). */
  dir: string;
  /** The module that runs the verification: every file it imports, transitively, is part of the key. */
  entry: string;
  /** The checkout the entry belongs to (this one unless a test verifies a copy of it). */
  root?: string;
}

/** `exercise:first-image`: how a verification is named in its key and its record. */
export function verificationName(subject: Pick<VerificationSubject, "kind" | "slug">): string {
  return `${subject.kind}:${subject.slug}`;
}

/**
 * Everything that can change whether an exercise's or a lab's verification passes (input-key.ts): its own folder,
 * the import graph of the module that verifies it with the runner's non-code files, the machine's engine and images.
 */
export async function verificationKey(
  subject: VerificationSubject,
  docker: Docker = engineClient(),
): Promise<InputKey> {
  const [key] = await inputKeys(
    [{ subject: verificationName(subject), entries: [subject.entry], folders: [subject.dir], ownDataOnly: true }],
    subject.root ?? REPO_ROOT,
    docker,
  );
  return key!;
}
