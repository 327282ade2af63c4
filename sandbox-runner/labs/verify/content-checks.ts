import { excerpt, imageIdOf, type LabCheckOutcome, listed, type Of } from "./check-support";
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
    hint: pushHint(check, state),
  };
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
