import { formatBytes } from "../lib";
import { imageIdOf, type LabCheckOutcome, listed, type Of, samePlatform } from "./check-support";
import type { ImageStep, LabState } from "./lab-state";

/** Decimal megabytes, as `docker image ls` and `docker history` count them. */
const MB = 1_000_000;

/**
 * An image reference, there or gone, with the labels it was built with. Whether it was pulled is the engine's
 * history (lab-history.ts), not its state.
 */
export function imageOutcome(check: Of<"image">, state: LabState): LabCheckOutcome {
  const { reference } = check;
  const present = state.images.includes(reference);
  if (present !== check.present)
    return present
      ? {
          ok: false,
          found: `The image ${reference} is still there.`,
          hint: `Remove it: docker image rm ${reference}.`,
        }
      : {
          ok: false,
          found: `There is no image ${reference}.`,
          hint: check.platform
            ? `Build it for ${check.platform}: docker build --platform ${check.platform} -t ${reference} .`
            : `Build or tag it: docker tag <image> ${reference}, or docker build -t ${reference} .`,
        };
  if (!present) return { ok: true, found: `The image ${reference} is gone.` };
  const made = madeProblem(check, state) ?? sizeProblem(check, state) ?? platformProblem(check, state);
  if (made) return made;
  if (!check.labels) return { ok: true, found: `The image ${reference} is there${howMade(check, state)}.` };
  const id = imageIdOf(state, reference);
  const labels = (id && state.imageLabels[id]) || {};
  const wrong = Object.entries(check.labels).filter(([key, value]) => labels[key] !== value);
  const asked = Object.entries(check.labels).map(([key, value]) => `${key}=${value}`);
  if (wrong.length === 0) {
    // `docker build --label` writes the label without the Dockerfile: only a LABEL step of the build shows it came
    // from the Dockerfile, with the build argument's value.
    const steps = state.imageHistory[reference] ?? [];
    const byHand = Object.entries(check.labels).filter(
      ([key, value]) => !steps.some((s) => labelStepSets(s.createdBy, key, value)),
    );
    if (byHand.length === 0)
      return { ok: true, found: `The image ${reference} is labelled ${listed(asked)} by its Dockerfile's LABEL.` };
    return {
      ok: false,
      found:
        `The image ${reference} has ${listed(byHand.map(([k, v]) => `${k}=${v}`))}, but no LABEL step of its ` +
        "build wrote it: it was set from outside the Dockerfile (docker build --label).",
      hint:
        "The Dockerfile's LABEL reads the build argument: pass the value with --build-arg NAME=value, not --label, " +
        `and build again with the same tag (docker build --build-arg … -t ${reference} .).`,
    };
  }
  const said = wrong.map(([key, value]) =>
    labels[key] === undefined
      ? `no label ${key}`
      : labels[key] === ""
        ? `${key} empty, not ${value}`
        : `${key}=${labels[key]}, not ${value}`,
  );
  const why = wrong.some(([key]) => labels[key] === "")
    ? ": an empty one comes from an ARG the build got no value for"
    : ", and a new tag does not change them: a LABEL that reads an ARG takes its value from --build-arg NAME=value";
  return {
    ok: false,
    found: `The image ${reference} has ${listed(said)}.`,
    hint:
      `Labels are written when the image is built${why}. ` +
      `Build again with --build-arg NAME=value and the same tag (docker build --build-arg … -t ${reference} .); ` +
      `docker image inspect -f '{{json .Config.Labels}}' ${reference} shows them.`,
  };
}

/** What a passing image check measured of how the image was made, for its "found". */
function howMade(check: Of<"image">, state: LabState): string {
  const parts = check.built ? [", built from a Dockerfile"] : [];
  if (check.maxStepMB !== undefined) {
    const steps = (state.imageHistory[check.reference] ?? []).filter((s) => s.buildkit);
    const biggest = Math.max(0, ...steps.map((s) => s.size));
    parts.push(`, whose biggest step adds ${formatBytes(biggest)}`);
  }
  if (check.maxMB !== undefined) {
    const id = imageIdOf(state, check.reference);
    const size = id === undefined ? undefined : state.imageSizes[id];
    if (size !== undefined) parts.push(`, ${formatBytes(size)} in all`);
  }
  if (check.platform) parts.push(`, for ${check.platform}`);
  return parts.join("");
}

/** The platform the image was built for, from its config, against the task's. */
function platformProblem(check: Of<"image">, state: LabState): LabCheckOutcome | undefined {
  if (!check.platform) return undefined;
  const found = state.imagePlatforms[check.reference];
  if (found === undefined || found === null)
    return {
      ok: false,
      found: `The engine did not answer for the platform of ${check.reference}: the lab reads it again.`,
    };
  if (samePlatform(found, check.platform)) return undefined;
  return {
    ok: false,
    found:
      `The image ${check.reference} was built for ${found}, not ${check.platform}. A tag only names an image: ` +
      "tagging another platform's image does not change what it was built for.",
    hint:
      `Build it for that platform: docker build --platform ${check.platform} -t ${check.reference} . ` +
      `(docker image inspect -f '{{.Os}}/{{.Architecture}}' ${check.reference} shows the platform).`,
  };
}

/** The whole image against the task's limit, base included: what `docker image ls` says. */
function sizeProblem(check: Of<"image">, state: LabState): LabCheckOutcome | undefined {
  if (check.maxMB === undefined) return undefined;
  const id = imageIdOf(state, check.reference);
  const size = id === undefined ? undefined : state.imageSizes[id];
  if (size === undefined)
    return {
      ok: false,
      found: `The engine did not answer for the size of ${check.reference}: the lab reads it again.`,
    };
  if (size <= check.maxMB * MB) return undefined;
  return {
    ok: false,
    found:
      `The image ${check.reference} is ${formatBytes(size)}; it may be at most ${check.maxMB} MB. Its base image's ` +
      "layers count too: every pull of it fetches them.",
    hint:
      `docker history ${check.reference} shows where the size comes from. An image that only carries files needs ` +
      "no operating system under them: FROM scratch starts from nothing.",
  };
}

/** Whether a history step is a LABEL that sets `key` to `value` (BuildKit writes `LABEL key=value`, quoted or not). */
function labelStepSets(createdBy: string, key: string, value: string): boolean {
  if (!/^LABEL\s/.test(createdBy)) return false;
  const quoted = (v: string) => [v, `"${v}"`, `'${v}'`];
  return quoted(key).some((k) => quoted(value).some((v) => createdBy.includes(`${k}=${v}`)));
}

/**
 * What the image's history says of how it was made, for `built` and `history`: BuildKit's steps, and the words the
 * Dockerfile's steps must hold. Whether it was made in this lab (not there at its start, not loaded or imported) is
 * the lab's history (lab-history.ts).
 */
function madeProblem(check: Of<"image">, state: LabState): LabCheckOutcome | undefined {
  if (!check.built && check.history.length === 0 && check.absent.length === 0) return undefined;
  const steps = state.imageHistory[check.reference];
  const build = `docker build -t ${check.reference} <folder of its Dockerfile>`;
  if (!steps)
    return {
      ok: false,
      found: `The engine did not answer for the history of ${check.reference}: the lab reads it again.`,
    };
  if (check.built && !steps.some((s) => s.buildkit))
    return {
      ok: false,
      found:
        `The image ${check.reference} was not made by a build: its history has no step a Dockerfile ran ` +
        "(a docker tag of another image, an import or a load gives a name, not a build).",
      hint: `Build it from its Dockerfile: ${build}.`,
    };
  const missing = check.history.filter((words) => !steps.some((s) => s.createdBy.includes(words)));
  if (missing.length > 0)
    return {
      ok: false,
      found:
        `The image ${check.reference} was built, but not from the task's Dockerfile: no step of its history does ` +
        `${listed(missing.map((w) => `\`${w}\``))}.`,
      hint: `docker history --no-trunc ${check.reference} shows its steps; ${build}.`,
    };
  const kept = check.absent.filter((words) => steps.some((s) => s.createdBy.includes(words)));
  if (kept.length > 0)
    return {
      ok: false,
      found:
        `The image ${check.reference} still has a step that does ${listed(kept.map((w) => `\`${w}\``))}: the ` +
        "Dockerfile it was built from still does what the task takes out.",
      hint: `docker history --no-trunc ${check.reference} shows its steps; change the Dockerfile, then ${build}.`,
    };
  return check.maxStepMB === undefined ? undefined : stepSizeProblem(check.reference, check.maxStepMB, steps, build);
}

/** The biggest step a build ran, against the task's limit: what the SIZE column of `docker history` shows. */
function stepSizeProblem(
  reference: string,
  maxMB: number,
  steps: readonly ImageStep[],
  build: string,
): LabCheckOutcome | undefined {
  const built = steps.filter((s) => s.buildkit);
  const biggest = built.reduce<ImageStep | undefined>((top, s) => (!top || s.size > top.size ? s : top), undefined);
  if (!biggest || biggest.size <= maxMB * MB) return undefined;
  const command = biggest.createdBy.length > 90 ? `${biggest.createdBy.slice(0, 87)}...` : biggest.createdBy;
  return {
    ok: false,
    found:
      `The step \`${command}\` of ${reference} adds ${formatBytes(biggest.size)}; no step may add more than ` +
      `${maxMB} MB. A file a step writes stays in that step's layer even when a later step deletes it.`,
    hint:
      `docker history ${reference} shows what each step added. Create, use and delete a big file in one RUN (or ` +
      `in a builder stage whose output you COPY), then ${build}.`,
  };
}
