/** A short explanation of a Dockerfile instruction or flag, shown when the pointer rests on it. */
export interface Help {
  title: string;
  text: string;
  /** Slug of the lesson that teaches it. */
  lesson?: string;
}

// Keyed by the instruction, which is also its help's title.
const INSTRUCTIONS: Record<string, Omit<Help, "title">> = {
  FROM: {
    text:
      "Starts a build stage from a base image. Pin a tag you have tested (python:3.11-slim), prefer slim " +
      "variants, and name stages (`AS build`) when a later stage copies from them.",
    lesson: "choosing-base-images",
  },
  RUN: {
    text:
      "Runs a command while building and saves what it changed as a new layer. Install and clean up in the " +
      "same RUN: a file deleted in a later layer still weighs on the image.",
    lesson: "installing-packages-cleanly",
  },
  CMD: {
    text:
      "The default command of a container (or the default arguments of ENTRYPOINT). Write it as a JSON array " +
      '(`CMD ["uvicorn", "app:app"]`) so your program is PID 1 and receives SIGTERM; `docker run image other` ' +
      "replaces it. Only the last CMD counts.",
    lesson: "signals-and-shutdown",
  },
  ENTRYPOINT: {
    text:
      "The program a container always runs; CMD then supplies its default arguments, and arguments given to " +
      "`docker run` replace CMD, not ENTRYPOINT. Use the JSON-array form for the same signal reasons as CMD.",
    lesson: "signals-and-shutdown",
  },
  COPY: {
    text:
      "Copies files from the build context (or another stage, with --from) into the image. Copy the dependency " +
      "list and install before copying your code, so code edits do not redo the install.",
    lesson: "layer-caching",
  },
  ADD: {
    text:
      "Like COPY, but also unpacks local archives and downloads URLs. For plain files use COPY, which does " +
      "nothing hidden; a download needs --checksum to be reproducible.",
    lesson: "dockerfile-for-ml-service",
  },
  WORKDIR: {
    text:
      "Sets the directory later RUN, COPY, CMD and ENTRYPOINT work in, creating it if needed. Use an absolute " +
      "path, and prefer it to `cd` inside RUN, which lasts only for that one RUN.",
    lesson: "dockerfile-for-ml-service",
  },
  ENV: {
    text:
      "Sets an environment variable for later build steps and for the running container. It is stored in the " +
      "image's configuration, readable by anyone with the image: never put secrets here.",
    lesson: "keeping-secrets-out",
  },
  ARG: {
    text:
      "A build-time variable (`--build-arg NAME=value`), gone from the running container but recorded in the " +
      "image history, so not a place for secrets either. An ARG before FROM is visible only to FROM lines " +
      "unless redeclared inside the stage.",
    lesson: "keeping-secrets-out",
  },
  USER: {
    text:
      "The user (and group) later RUN steps and the container run as. Create an unprivileged user and switch " +
      "to it before CMD, so a compromised process does not hold root.",
    lesson: "running-as-non-root",
  },
  EXPOSE: {
    text:
      "Documents the port the service listens on; it publishes nothing by itself (`docker run -p` does). Make " +
      "it match the port your server binds, on 0.0.0.0 rather than localhost.",
    lesson: "dockerfile-for-ml-service",
  },
  HEALTHCHECK: {
    text:
      "A command Docker runs inside the container to decide whether it is healthy, e.g. " +
      "`HEALTHCHECK --interval=30s CMD python -c \"...urlopen('http://localhost:8000/health')\"`. Options: " +
      "--interval, --timeout, --start-period, --retries.",
    lesson: "health-checks",
  },
  LABEL: {
    text: "Key-value metadata stored with the image, such as its version or source repository.",
    lesson: "versioning-deployed-containers",
  },
  VOLUME: {
    text:
      "Marks a directory whose data lives outside the container's writable layer. Changes to it in later build " +
      "steps are discarded.",
    lesson: "running-containers-and-volumes",
  },
  SHELL: {
    text:
      'The shell that runs shell-form commands. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` makes a pipe fail ' +
      "when any command in it fails, not only the last one.",
    lesson: "installing-packages-cleanly",
  },
  STOPSIGNAL: {
    text: "The signal `docker stop` sends first (SIGTERM unless set here), before killing the container.",
    lesson: "signals-and-shutdown",
  },
  ONBUILD: {
    text: "An instruction stored for later: it runs when another Dockerfile uses this image in its FROM.",
  },
};

/** Flags, most specific first: "--mount=type=cache" before "--mount". */
const FLAGS: (Help & { pattern: RegExp })[] = [
  {
    pattern: /^--mount=(.*,)?type=cache\b/,
    title: "RUN --mount=type=cache",
    text:
      "Mounts a cache directory kept by BuildKit between builds but never saved in the image: pip's or apt's " +
      "downloads stay out of the layer and still speed up the next build. Set target= to where the tool caches.",
    lesson: "faster-builds-with-buildkit",
  },
  {
    pattern: /^--mount=(.*,)?type=secret\b/,
    title: "RUN --mount=type=secret",
    text:
      "Makes a secret (`docker build --secret id=...`) readable as a file during this RUN only; it is never " +
      "written to a layer or the image history.",
    lesson: "keeping-secrets-out",
  },
  {
    pattern: /^--mount=(.*,)?type=bind\b/,
    title: "RUN --mount=type=bind",
    text: "Makes files of the build context (or a stage) visible during this RUN without copying them into a layer.",
    lesson: "faster-builds-with-buildkit",
  },
  {
    pattern: /^--mount\b/,
    title: "RUN --mount",
    text: "Mounts something for this RUN only: type=cache, secret, bind, ssh or tmpfs. Nothing mounted is saved.",
    lesson: "faster-builds-with-buildkit",
  },
  {
    pattern: /^--chown\b/,
    title: "COPY --chown",
    text:
      "Sets the owner of the copied files (`--chown=app:app`). Files are root's otherwise, and a later " +
      "`RUN chown` would copy them all into one more layer.",
    lesson: "running-as-non-root",
  },
  {
    pattern: /^--chmod\b/,
    title: "COPY --chmod",
    text: "Sets the permissions of the copied files in the same step, without an extra RUN chmod layer.",
    lesson: "running-as-non-root",
  },
  {
    pattern: /^--from\b/,
    title: "COPY --from",
    text:
      "Copies from an earlier build stage (or another image) instead of the build context: the heart of a " +
      "multi-stage build, where compilers stay in the build stage and only results reach the final image.",
    lesson: "multi-stage-builds",
  },
  {
    pattern: /^--link\b/,
    title: "COPY --link",
    text:
      "Copies into a layer of its own that does not depend on the layers below, so it can be reused after a " +
      "change of the base image.",
    lesson: "faster-builds-with-buildkit",
  },
  {
    pattern: /^--platform\b/,
    title: "--platform",
    text: "Chooses the image's platform (linux/amd64, linux/arm64) instead of the builder's own.",
    lesson: "choosing-base-images",
  },
  {
    pattern: /^--(interval|timeout|start-period|start-interval|retries)\b/,
    title: "HEALTHCHECK options",
    text:
      "--interval: time between checks; --timeout: how long one check may take; --start-period: start-up " +
      "time during which failures do not count; --retries: failures in a row before the container is unhealthy.",
    lesson: "health-checks",
  },
  {
    pattern: /^--no-cache-dir\b/,
    title: "pip install --no-cache-dir",
    text: "Keeps pip from saving downloaded wheels in ~/.cache/pip, which would otherwise stay in the layer.",
    lesson: "installing-packages-cleanly",
  },
  {
    pattern: /^--no-install-recommends\b/,
    title: "apt-get install --no-install-recommends",
    text: "Installs only the packages asked for and their dependencies, not everything apt recommends with them.",
    lesson: "installing-packages-cleanly",
  },
];

/**
 * The help for the instruction keyword or `--flag` at a 1-based line and column of a Dockerfile, if any, with the
 * 1-based columns of the word it is about (end exclusive).
 */
export function helpAt(lines: readonly string[], lineNumber: number, column: number) {
  const text = lines[lineNumber - 1] ?? "";
  const index = column - 1;
  let start = index;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = index;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  const word = text.slice(start, end);
  if (!word) return undefined;
  const at = (help: Help) => ({ help, startColumn: start + 1, endColumn: end + 1 });
  if (word.startsWith("--")) {
    const flag = FLAGS.find((f) => f.pattern.test(word));
    return flag && at(flag);
  }
  const name = word.toUpperCase();
  const keyword = INSTRUCTIONS[name];
  const startsInstruction = text.slice(0, start).trim() === "" && !continues(lines, lineNumber - 1);
  // "CMD" after HEALTHCHECK's options or ONBUILD is an instruction too.
  const nested = /^\s*(HEALTHCHECK\b.*|ONBUILD)\s+$/i.test(text.slice(0, start));
  return keyword && (startsInstruction || nested) ? at({ title: name, ...keyword }) : undefined;
}

/** Whether the instruction on `lineNumber` (1-based) goes on to the next line. */
function continues(lines: readonly string[], lineNumber: number): boolean {
  for (let n = lineNumber; n >= 1; n--) {
    const line = lines[n - 1] ?? "";
    // Docker skips comment lines inside a continued instruction.
    if (/^\s*#/.test(line)) continue;
    return /\\\s*$/.test(line);
  }
  return false;
}

/** Every lesson the help names, so a test can prove each exists. */
export function helpLessons(): string[] {
  return [...Object.values(INSTRUCTIONS), ...FLAGS].flatMap((h) => (h.lesson ? [h.lesson] : []));
}
