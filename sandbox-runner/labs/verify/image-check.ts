import { imageIdOf, type LabCheckOutcome, listed, type Of } from "./check-support";
import type { LabState } from "./lab-state";

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
          hint: `Build or tag it: docker tag <image> ${reference}, or docker build -t ${reference} .`,
        };
  if (!present || !check.labels)
    return { ok: true, found: `The image ${reference} ${present ? "is there" : "is gone"}.` };
  const id = imageIdOf(state, reference);
  const labels = (id && state.imageLabels[id]) || {};
  const wrong = Object.entries(check.labels).filter(([key, value]) => labels[key] !== value);
  const asked = Object.entries(check.labels).map(([key, value]) => `${key}=${value}`);
  if (wrong.length === 0) return { ok: true, found: `The image ${reference} is labelled ${listed(asked)}.` };
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
