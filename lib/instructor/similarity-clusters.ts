import { parseDockerfile } from "../dockerfile/model";
import { normaliseDockerfile } from "../dockerfile/normalise";

/** One learner's file to compare, under a key the caller chooses (a submission id). */
export type CompareFile = { key: string; dockerfile: string };

/** Two files' keys and the weighted Jaccard similarity of their shingles, 0–1. */
type SimilarPair = { a: string; b: string; score: number };

/**
 * How alike two Dockerfiles are: the normalised files (`lib/dockerfile/normalise.ts`) cut into tokens, every run of
 * `shingle` tokens a shingle, and the weighted Jaccard similarity of the two sets (what they share over all they hold,
 * by weight). Every shingle is kept: MOSS's winnowing samples to index long programs, but a Dockerfile is tens
 * of lines, so the whole set is small and the score exact. The tuning:
 * - `shingle`: five tokens, about half a short instruction, so one changed word breaks only the few shingles across it.
 * - `referenceWeight`: a shingle the starter or the reference solution also has counts a tenth, as every correct answer
 *   shares those: two files alike only in what the exercise handed out score low.
 * - cohort weight: a shingle `df` distinct files share weighs min(1, √(2/df)): a pair's own shingle 1, a common fix or
 *   a line from the lesson that 100 of the class wrote 0.14. (A steeper 2/df let a copy with one line changed slip
 *   below the threshold in a large class: its changed line, unique, outweighed all it shared.)
 * - `minOwnShingles`: the pair must share this many shingles that are not the starter's or the solution's (about one
 *   instruction of their own), or two short honest answers that leave out the same line would match.
 * - `rareShare`, `rareAtLeast`: only shingles at most this share of distinct files hold (or at most `rareAtLeast`
 *   files, in a small class) propose pairs, through an inverted index from shingle to files, so 1,000 files are not
 *   compared all with all; a pair proposed by fewer than `minOwnShingles` such shingles is not scored.
 * - `threshold`: a pair at or above it joins a cluster (union-find).
 */
export const SIMILARITY = {
  shingle: 5,
  referenceWeight: 0.1,
  minOwnShingles: 6,
  rareShare: 0.05,
  rareAtLeast: 20,
  threshold: 0.5,
  /** Clusters up to this size list every pair; larger ones list the pairs that joined them. */
  allPairsUpTo: 12,
  maxPairsListed: 100,
} as const;

type Fingerprint = ReturnType<typeof fingerprint>;

/**
 * A Dockerfile's normalised text and its token shingles, as 53-bit hashes: numbers are cheaper to hold and compare
 * than the strings.
 */
function fingerprint(dockerfile: string) {
  const lines = normaliseDockerfile(parseDockerfile(dockerfile));
  const tokens = lines.flatMap((line) => line.match(/[A-Za-z0-9_.-]+|[^\sA-Za-z0-9_.-]+/g) ?? []);
  const shingles = new Set<number>();
  const k = SIMILARITY.shingle;
  for (let i = 0; i + k <= tokens.length; i++) shingles.add(hash53(tokens.slice(i, i + k).join("\u0001")));
  if (tokens.length > 0 && tokens.length < k) shingles.add(hash53(tokens.join("\u0001")));
  return { text: lines.join("\n"), shingles };
}

/** cyrb53 (public domain): two 32-bit multiply-xor lanes; with ~10⁵ shingles a collision is a 1-in-10⁶ event. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Fingerprints by file text, newest use last. A submitted file never changes and parsing is most of the cost (about
 * 0.25 ms a file), so a report opened again, or for another class, parses only files it has not seen. Bounded by
 * entries (five exercises of a 1,000-learner course) and by file size, so a few megabyte-sized files cannot fill it.
 */
const FINGERPRINTS = new Map<string, Fingerprint>();
const CACHE_ENTRIES = 5_000;
const CACHE_MAX_CHARS = 16_384;

function cachedFingerprint(dockerfile: string): Fingerprint {
  const known = FINGERPRINTS.get(dockerfile);
  if (known) {
    FINGERPRINTS.delete(dockerfile);
    FINGERPRINTS.set(dockerfile, known);
    return known;
  }
  const print = fingerprint(dockerfile);
  if (dockerfile.length <= CACHE_MAX_CHARS) {
    FINGERPRINTS.set(dockerfile, print);
    if (FINGERPRINTS.size > CACHE_ENTRIES) FINGERPRINTS.delete(FINGERPRINTS.keys().next().value!);
  }
  return print;
}

/**
 * Clusters of files that are unusually alike after normalisation, strongest first (identical files, then by the best
 * pair's score, then by size), with how many files were compared and the keys of those too close to the starter or
 * the solution to say anything (nothing of their own to match). `reference` holds the exercise's own Dockerfiles
 * (starter, solution), whose content every learner may share.
 */
export function similarityClusters(files: readonly CompareFile[], reference: readonly string[]) {
  const refs = reference.map(cachedFingerprint);
  const refShingles = new Set(refs.flatMap((r) => [...r.shingles]));
  const refTexts = new Set(refs.map((r) => r.text));
  const nearReference: string[] = [];
  // Files with the same normalised text are compared once, through one representative.
  const groups = new Map<string, { print: Fingerprint; keys: number[] }>();
  const kept: CompareFile[] = [];
  for (const file of files) {
    const print = cachedFingerprint(file.dockerfile);
    let own = 0;
    for (const s of print.shingles) if (!refShingles.has(s)) own++;
    if (refTexts.has(print.text) || own < SIMILARITY.minOwnShingles) {
      nearReference.push(file.key);
      continue;
    }
    const group = groups.get(print.text) ?? { print, keys: [] as number[] };
    group.keys.push(kept.push(file) - 1);
    groups.set(print.text, group);
  }
  const reps = [...groups.values()];

  // How many distinct files (after normalisation) hold each shingle: a ring of identical copies counts once, so
  // its shingles keep their weight against a member who disguised their copy a little more.
  const df = new Map<number, number>();
  for (const rep of reps) for (const s of rep.print.shingles) df.set(s, (df.get(s) ?? 0) + 1);
  const weight = (s: number) =>
    (refShingles.has(s) ? SIMILARITY.referenceWeight : 1) * Math.min(1, Math.sqrt(2 / (df.get(s) ?? 1)));

  // Inverted index over rare own shingles: which representatives share enough of them to be worth scoring.
  const cap = Math.max(SIMILARITY.rareAtLeast, Math.ceil(reps.length * SIMILARITY.rareShare));
  const postings = new Map<number, number[]>();
  reps.forEach((rep, r) => {
    for (const s of rep.print.shingles) {
      if (refShingles.has(s) || (df.get(s) ?? 0) > cap) continue;
      if (!postings.get(s)?.push(r)) postings.set(s, [r]);
    }
  });
  const sharedRare = new Map<number, number>();
  for (const list of postings.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const pair = list[x]! * reps.length + list[y]!;
        sharedRare.set(pair, (sharedRare.get(pair) ?? 0) + 1);
      }
    }
  }

  const score = (a: Fingerprint, b: Fingerprint): { score: number; ownShared: number } => {
    let shared = 0;
    let union = 0;
    let ownShared = 0;
    for (const s of a.shingles) {
      const w = weight(s);
      union += w;
      if (b.shingles.has(s)) {
        shared += w;
        if (!refShingles.has(s)) ownShared++;
      }
    }
    for (const s of b.shingles) if (!a.shingles.has(s)) union += weight(s);
    return { score: union === 0 ? 0 : shared / union, ownShared };
  };

  // Union-find over the groups of identical files: a pair of groups scored at or above the threshold joins them.
  const parent = reps.map((_, r) => r);
  const find = (r: number): number => {
    while (parent[r] !== r) {
      parent[r] = parent[parent[r]!]!;
      r = parent[r]!;
    }
    return r;
  };
  const repScores = new Map<number, number>();
  for (const [pair, count] of sharedRare) {
    if (count < SIMILARITY.minOwnShingles) continue;
    const [ra, rb] = [Math.floor(pair / reps.length), pair % reps.length];
    const result = score(reps[ra]!.print, reps[rb]!.print);
    if (result.score < SIMILARITY.threshold || result.ownShared < SIMILARITY.minOwnShingles) continue;
    repScores.set(pair, result.score);
    parent[find(ra)] = find(rb);
  }
  const components = new Map<number, number[]>();
  reps.forEach((_, r) => {
    if (!components.get(find(r))?.push(r)) components.set(find(r), [r]);
  });

  // Each cluster's files' keys in the order given; every pair's score when the cluster is small, else the pairs that
  // joined it, highest first; and whether every member is the same file after normalisation.
  const clusters: { members: string[]; pairs: SimilarPair[]; identical: boolean }[] = [];
  for (const inCluster of components.values()) {
    // Its files in the order they were given (`i`, an index into `kept`), each with its group (`r`).
    const members = inCluster.flatMap((r) => reps[r]!.keys.map((i) => ({ i, r }))).sort((p, q) => p.i - q.i);
    if (members.length < 2) continue;
    const pairs: SimilarPair[] = [];
    const pairOf = (i: number, j: number, value: number) => ({ a: kept[i]!.key, b: kept[j]!.key, score: value });
    if (members.length <= SIMILARITY.allPairsUpTo) {
      members.forEach((p, x) => {
        for (const q of members.slice(x + 1)) {
          pairs.push(pairOf(p.i, q.i, p.r === q.r ? 1 : score(reps[p.r]!.print, reps[q.r]!.print).score));
        }
      });
    } else {
      // The edges that joined it: identical files to their group's first, and each scored pair of groups.
      const groupsIn = new Set(inCluster);
      for (const r of inCluster) for (const i of reps[r]!.keys.slice(1)) pairs.push(pairOf(reps[r]!.keys[0]!, i, 1));
      for (const [pair, value] of repScores) {
        const [ra, rb] = [Math.floor(pair / reps.length), pair % reps.length];
        if (groupsIn.has(ra)) pairs.push(pairOf(reps[ra]!.keys[0]!, reps[rb]!.keys[0]!, value));
      }
    }
    pairs.sort((p, q) => q.score - p.score);
    clusters.push({
      members: members.map((m) => kept[m.i]!.key),
      pairs: pairs.slice(0, SIMILARITY.maxPairsListed),
      identical: inCluster.length === 1,
    });
  }
  clusters.sort(
    (p, q) =>
      Number(q.identical) - Number(p.identical) ||
      (q.pairs[0]?.score ?? 0) - (p.pairs[0]?.score ?? 0) ||
      q.members.length - p.members.length,
  );
  return { clusters, compared: kept.length, nearReference };
}
