import { excerpt, imageIdOf, type LabCheckOutcome, listed, type Of, samePlatform } from "./check-support";
import { LAB_REGISTRY, type LabState, VOLUME_FILE_BYTES, volumeFileKey } from "./lab-state";

export function volumeFileOutcome(check: Of<"volume-file">, state: LabState): LabCheckOutcome {
  const { volume, path } = check;
  if (!state.volumes.includes(volume))
    return {
      ok: false,
      found: `There is no volume named ${volume}.`,
      hint: `docker volume create ${volume}, or name it in -v ${volume}:/path when you run the container.`,
    };
  const file = state.volumeFiles[volumeFileKey(volume, path)];
  if (!file) return { ok: false, found: `The file ${path} in the volume ${volume} has not been read yet.` };
  const look = lookInside(volume, state);
  if (file.kind === "no-answer") return { ok: false, found: `The volume ${volume} could not be read: ${file.error}.` };
  if (file.kind === "missing")
    return { ok: false, found: `The volume ${volume} has no file ${path}.`, hint: `${look} shows what it holds.` };
  if (file.kind === "not-a-file")
    return {
      ok: false,
      found:
        `In the volume ${volume}, ${path} is not a regular file: a folder, a device, or a symlink, which the ` +
        "checker never follows. Write the file itself there.",
      hint: `${look} shows what it is.`,
    };
  if (check.contains && !file.content.includes(check.contains))
    return {
      ok: false,
      found:
        `The file ${path} in the volume ${volume} does not contain "${check.contains}"` +
        `${file.content.trim() ? `; it starts ${excerpt(file.content)}` : "; it is empty"}.`,
      hint: `The check reads its first ${VOLUME_FILE_BYTES / 1024} KiB. ${look} shows the volume.`,
    };
  return {
    ok: true,
    found: `The volume ${volume} holds ${path}${check.contains ? ` with "${check.contains}"` : ""}.`,
  };
}

/** How to see a volume's files: through a container that mounts it, or a throwaway one. */
function lookInside(volume: string, state: LabState): string {
  for (const c of state.containers) {
    const mount = c.mounts.find((m) => m.type === "volume" && m.name === volume);
    if (mount && c.running) return `docker exec ${c.name} ls -la ${mount.destination}`;
  }
  const image = state.images.find((r) => !r.includes("@")) ?? "<image>";
  return `docker run --rm -v ${volume}:/data ${image} ls -la /data`;
}

export function registryTagOutcome(check: Of<"registry-tag">, state: LabState): LabCheckOutcome {
  const { repository, tag } = check;
  const remote = `${LAB_REGISTRY}/${repository}:${tag}`;
  const answer = state.registryTags[repository];
  if (!answer) return { ok: false, found: `The registry has not been asked for ${repository} yet.` };
  if (answer.kind === "no-answer")
    return {
      ok: false,
      found: `The lab's registry at ${LAB_REGISTRY} gave no tag list (${answer.error}).`,
      hint: registryHint(state),
    };
  const tags = answer.kind === "tags" ? answer.tags : [];
  const present = tags.includes(tag);
  if (present && check.present && check.pushedFrom) {
    const local = imageIdOf(state, check.pushedFrom);
    const pushed = Object.entries(state.imageIds).some(
      ([reference, id]) => id === local && reference.startsWith(`${LAB_REGISTRY}/${repository}@sha256:`),
    );
    if (!pushed)
      return {
        ok: false,
        found:
          `The lab's registry has ${repository}:${tag}, but not from the image ${check.pushedFrom} names here: ` +
          "that image was built after the last push, or never pushed.",
        hint: `Push it again: docker push ${check.pushedFrom} (a push sends what the tag names now).`,
      };
  }
  if (present && check.present && check.platforms) {
    const problem = platformsProblem(check, check.platforms, state);
    if (problem) return problem;
  }
  if (present && check.present && check.sameManifestAs) {
    const differs = manifestDiffers(check, check.sameManifestAs, state);
    if (differs) return differs;
    const fact = state.registryManifests[`${repository}:${tag}`];
    const digest = fact?.kind === "manifest" ? ` (${shortDigest(fact.digest)})` : "";
    return {
      ok: true,
      found: `The lab's registry has ${repository}:${tag}, the very manifest ${check.sameManifestAs} names${digest}.`,
    };
  }
  if (present && check.platforms)
    return {
      ok: true,
      found:
        `The lab's registry has ${repository}:${tag}, an index of ${listed(Object.keys(check.platforms))}, each the ` +
        "image pushed from here for it.",
    };
  if (present === check.present)
    return {
      ok: true,
      found: `The lab's registry ${present ? "has" : "has no"} ${repository}:${tag}.`,
    };
  if (present)
    return {
      ok: false,
      found: `The lab's registry still has ${repository}:${tag}.`,
      hint:
        "A push cannot remove a tag: delete its manifest through the registry's API, " +
        `DELETE /v2/${repository}/manifests/<digest> (docker inspect -f '{{index .RepoDigests 0}}' ${remote}).`,
    };
  const others = tags.length
    ? `it has ${listed(tags.map((t) => `${repository}:${t}`))} but not :${tag}`
    : answer.kind === "unknown-repository"
      ? `nothing has been pushed as ${repository}`
      : `${repository} has no tags`;
  return {
    ok: false,
    found: `The lab's registry has no ${repository}:${tag}: ${others}.`,
    hint: check.sameManifestAs
      ? copyCommand(check.sameManifestAs, `${repository}:${tag}`)
      : check.platforms
        ? `Push an image for each platform, then join them under one tag: ${joinCommand(check, check.platforms)}.`
        : pushHint(check, state),
  };
}

/** The promotion a sameManifestAs check asks for, registry to registry (plain HTTP: the lab's registry has no TLS). */
const copyCommand = (from: string, to: string): string =>
  "skopeo copy --src-tls-verify=false --dest-tls-verify=false " +
  `docker://${LAB_REGISTRY}/${from} docker://${LAB_REGISTRY}/${to}`;

const shortDigest = (digest: string): string => `${digest.slice(0, 19)}…`;

/** Manifest formats by their media type, as a reader knows them. */
const MANIFEST_FORMATS: Record<string, string> = {
  "application/vnd.docker.distribution.manifest.v2+json": "a Docker image manifest",
  "application/vnd.docker.distribution.manifest.list.v2+json": "a Docker manifest list",
  "application/vnd.oci.image.manifest.v1+json": "an OCI image manifest",
  "application/vnd.oci.image.index.v1+json": "an OCI image index",
};
const formatOf = (mediaType: string): string => MANIFEST_FORMATS[mediaType] ?? `a manifest of type ${mediaType}`;

/** Why the tag the check names is not the very manifest `other` names, or undefined when it is. */
function manifestDiffers(check: Of<"registry-tag">, other: string, state: LabState): LabCheckOutcome | undefined {
  const mine = `${check.repository}:${check.tag}`;
  const copy = copyCommand(other, mine);
  const [a, b] = [state.registryManifests[mine], state.registryManifests[other]];
  if (!a || !b)
    return { ok: false, found: `The registry has not been asked for ${mine} and ${other}'s manifests yet.` };
  for (const [reference, fact] of [
    [mine, a],
    [other, b],
  ] as const) {
    if (fact.kind === "no-answer")
      return {
        ok: false,
        found: `The lab's registry gave no manifest for ${reference} (${fact.error}).`,
        hint: registryHint(state),
      };
    if (fact.kind === "missing")
      return {
        ok: false,
        found: `The lab's registry has no manifest for ${reference}: there is nothing to compare with.`,
        hint: reference === other ? `Push ${LAB_REGISTRY}/${other} first (the earlier tasks do).` : copy,
      };
  }
  if (a.kind !== "manifest" || b.kind !== "manifest") return undefined;
  if (a.digest === b.digest) return overwritten(other, b.digest, state);
  const converted = a.mediaType !== b.mediaType;
  return {
    ok: false,
    found:
      `The lab's registry has ${mine}, but it is ${formatOf(a.mediaType)} with the digest ${shortDigest(a.digest)}, ` +
      `and ${other} is ${formatOf(b.mediaType)} with ${shortDigest(b.digest)}: ` +
      (converted
        ? "the copy converted the manifest, which makes it new bytes under a new digest, so what was tested is not " +
          "what this tag names."
        : "the two tags name different images."),
    hint: converted
      ? `Copy it as it is, without --format, and the digest stays: ${copy}.`
      : `Copy the manifest ${other} names, registry to registry: ${copy}. ` +
        `skopeo inspect --tls-verify=false --format '{{.Digest}}' docker://${LAB_REGISTRY}/${other} shows its digest.`,
  };
}

/**
 * Two equal tags prove nothing if `other` itself was overwritten (1.1 copied onto 1.0, then onto stable): `other` must
 * still be the image this engine pushed or pulled under that name, its digest one the engine recorded for the image
 * the local `localhost:5000/<other>` names (RepoDigests, written by a push or a pull).
 */
function overwritten(other: string, digest: string, state: LabState): LabCheckOutcome | undefined {
  const local = `${LAB_REGISTRY}/${other}`;
  const id = imageIdOf(state, local);
  const repository = other.slice(0, other.lastIndexOf(":"));
  if (id && state.imageIds[`${LAB_REGISTRY}/${repository}@${digest}`] === id) return undefined;
  return {
    ok: false,
    found: id
      ? `The two tags name the same manifest (${shortDigest(digest)}), but it is not the image your engine pushed as ` +
        `${local}: ${other} was overwritten in the registry.`
      : `Your engine has no image tagged ${local}, so nothing shows that the registry's ${other} is still the one ` +
        "pushed in this lab.",
    hint: id
      ? `Put ${other} back with docker push ${local}, then copy it.`
      : `Tag the image you pushed as ${other} again (docker tag <its digest reference> ${local}).`,
  };
}

/** The index a platforms check asks for, made from the images pushed one platform at a time. */
const joinCommand = (check: Of<"registry-tag">, platforms: Record<string, string>): string =>
  `docker buildx imagetools create -t ${LAB_REGISTRY}/${check.repository}:${check.tag} ` +
  Object.values(platforms).join(" ");

const INDEX_TYPES = new Set([
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.index.v1+json",
]);

/**
 * Why the tag is not an index with an entry for each platform that is the image pushed from here under the reference
 * given for it, or undefined when it is. An entry's platform is what the index says; the image checks on the
 * references say what each image really was built for, so an entry relabelled by `docker manifest annotate` is
 * caught there or here.
 */
function platformsProblem(
  check: Of<"registry-tag">,
  platforms: Record<string, string>,
  state: LabState,
): LabCheckOutcome | undefined {
  const mine = `${check.repository}:${check.tag}`;
  const join = joinCommand(check, platforms);
  const fact = state.registryManifests[mine];
  if (!fact) return { ok: false, found: `The registry has not been asked for ${mine}'s manifest yet.` };
  if (fact.kind === "no-answer")
    return {
      ok: false,
      found: `The lab's registry gave no manifest for ${mine} (${fact.error}).`,
      hint: registryHint(state),
    };
  if (fact.kind === "missing")
    return { ok: false, found: `The lab's registry has no manifest for ${mine}.`, hint: join };
  if (!INDEX_TYPES.has(fact.mediaType) || !fact.entries)
    return {
      ok: false,
      found:
        `The lab's registry has ${mine}, but it is ${formatOf(fact.mediaType)}: one image for one platform, not an ` +
        "index that lists one per platform.",
      hint: `Push an image for each platform, then join them under one tag: ${join}.`,
    };
  const listedHere = fact.entries.map((e) => e.platform);
  for (const [platform, reference] of Object.entries(platforms)) {
    const entry = fact.entries.find((e) => samePlatform(e.platform, platform));
    if (!entry)
      return {
        ok: false,
        found:
          `The index ${mine} lists ${listedHere.length ? listed(listedHere) : "no platform"}, not ${platform}. ` +
          "An index takes each image's platform from its configuration, so an image built for another platform " +
          "and tagged for this one does not add it.",
        hint: `Build ${reference} with docker build --platform ${platform}, push it, then join again: ${join}.`,
      };
    const id = imageIdOf(state, reference);
    const pushedHere = Object.entries(state.imageIds).some(
      ([ref, imageId]) => imageId === id && ref.startsWith(`${LAB_REGISTRY}/`) && ref.endsWith(`@${entry.digest}`),
    );
    if (!id || !pushedHere)
      return {
        ok: false,
        found:
          `The index ${mine} lists ${platform} as ${shortDigest(entry.digest)}, which is not the image ` +
          `${reference} names here${id ? "" : " (there is no such image)"}: that image was built after the last ` +
          "push, or never pushed.",
        hint: `Push it (docker push ${reference}), then join again: ${join}.`,
      };
  }
  return undefined;
}

function pushHint(check: Of<"registry-tag">, state: LabState): string {
  const remote = `${LAB_REGISTRY}/${check.repository}:${check.tag}`;
  if (state.imageIds[remote] || state.imageIds[`127.0.0.1:5000/${check.repository}:${check.tag}`])
    return `The image is tagged for the registry here; send it: docker push ${remote}.`;
  const local = `${check.repository}:${check.tag}`;
  if (state.imageIds[local])
    return `A push goes where the tag's first part names: docker tag ${local} ${remote}, then docker push ${remote}.`;
  return (
    `No image here is called ${local} or ${remote}: build or tag one (docker tag <image> ${remote}), ` +
    `then docker push ${remote}.`
  );
}

function registryHint(state: LabState): string {
  const registry = state.containers.find((c) => c.publishes.some((p) => p.hostPort === 5000));
  if (!registry) return "No container publishes port 5000: start the lab's registry first (the lab says how).";
  if (!registry.running) return `Its container ${registry.name} is stopped: docker start ${registry.name}.`;
  return `Its container ${registry.name} is running: docker logs ${registry.name} shows why it does not answer.`;
}
