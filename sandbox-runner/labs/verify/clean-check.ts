import { describeState, type LabCheckOutcome, listed, type Of, shortId } from "./check-support";
import type { LabState } from "./lab-state";

/** Each sort of leftover: what is there, and the prune that removes it, with what that deletes. */
export function cleanOutcome(check: Of<"clean">, state: LabState): LabCheckOutcome {
  const outcome = leftoverOutcome(check, state);
  if (!check.remaining) return outcome;
  // The opposite question: this sort must still be here (a prune of another sort must leave it).
  if (!outcome.ok) return { ok: true, found: outcome.found };
  const what = check.what.replace(/-/g, " ");
  return {
    ok: false,
    found: `${outcome.found} The task prunes one sort at a time, and the ${what} were to stay until their own task.`,
    hint:
      "docker system prune removes every sort at once; the prune of each sort (docker container prune, docker " +
      "image prune, docker volume prune, docker builder prune) removes only its own. Run the lab's clutter script " +
      "again (~/experiments/make-clutter.sh) to have them back.",
  };
}

function leftoverOutcome(check: Of<"clean">, state: LabState): LabCheckOutcome {
  switch (check.what) {
    case "stopped-containers": {
      const stopped = state.containers.filter((c) => !c.running);
      if (stopped.length === 0) return { ok: true, found: "No stopped container is left." };
      return {
        ok: false,
        found:
          `${count(stopped.length, "stopped container")} left: ` +
          `${listed(stopped.map((c) => `${c.name} (${describeState(c)})`))}.`,
        hint:
          "docker container prune removes every stopped container, and its writable layer with it " +
          `(docker rm ${stopped.map((c) => c.name).join(" ")} removes just these).`,
      };
    }
    case "dangling-images": {
      const dangling = state.danglingImages;
      if (dangling.length === 0) return { ok: true, found: "No dangling image is left." };
      return {
        ok: false,
        found:
          `${count(dangling.length, "dangling image")} left (untagged, often what a rebuild left behind): ` +
          `${listed(dangling.map(shortId))}.`,
        hint: "docker image prune deletes the images that have no tag and that no container uses.",
      };
    }
    case "unused-volumes": {
      const unused = state.unusedVolumes;
      if (unused.length === 0) return { ok: true, found: "Every volume is used by a container." };
      return {
        ok: false,
        found:
          `${count(unused.length, "volume")} left that no container uses: ` +
          `${listed(unused.map((v) => (/^[a-f0-9]{64}$/.test(v) ? `${v.slice(0, 12)} (anonymous)` : v)))}.`,
        hint:
          "docker volume prune -a deletes every volume no container uses, and the data in it for good " +
          "(without -a it takes only anonymous ones); docker volume rm <name> deletes one.",
      };
    }
    case "build-cache": {
      const cache = state.buildCache;
      if (!cache) return { ok: false, found: "The lab's build cache could not be read." };
      if (cache.records === 0) return { ok: true, found: "No build cache is left." };
      return {
        ok: false,
        found: `${count(cache.records, "build cache record")} left (${size(cache.bytes)}).`,
        hint:
          "docker builder prune -a deletes the cached steps of past builds (images stay), and the next build " +
          "runs them again; without -a it keeps the steps whose layers an image still uses.",
      };
    }
  }
}

function count(n: number, noun: string): string {
  return n === 1 ? `1 ${noun} is` : `${n} ${noun}s are`;
}

function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${Math.round(bytes / 1000)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
