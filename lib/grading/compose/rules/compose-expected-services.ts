import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import type { StaticRule } from "../../static/static-rule";
import { describeService, withCompose } from "../compose-context";
import type { ComposeService } from "../compose-model";
import { COMPOSE_RULE } from "./compose-rule-base";

const SAME_FOLDER = new Set([".", "./", ""]);
const DEFAULT_DOCKERFILE = new Set(["Dockerfile", "./Dockerfile"]);

export const composeExpectedServices: StaticRule = {
  spec: {
    ...COMPOSE_RULE,
    id: "correctness.compose-expected-services",
    category: "correctness",
    title: "The stack has the services the exercise asks for, and builds the API from its Dockerfile",
    measures:
      "Every service named under compose.services exists in the file, and the " +
      "one marked build: true builds the exercise folder's Dockerfile (build: . " +
      ", or a build: with context . and no other dockerfile), which is the " +
      "image the grader builds, inspects and runs.",
    points: 2,
    params: ["compose.file", "compose.services"],
    why:
      "Services find each other by name, so renaming or dropping one breaks " +
      "every service that talks to it. And the image graded here is the one " +
      "./Dockerfile builds: a build: that points anywhere else, or an image: " +
      "pulled instead, means the stack you run is not the one that was checked.",
    fix:
      "Keep the service names the exercise gives and build the API from the " +
      "folder holding its Dockerfile: build: . (Compose finds ./Dockerfile there).",
  },
  run: (ctx) =>
    withCompose(ctx, ({ file, services, expected }) => {
      const names = Object.keys(expected);
      if (names.length === 0) return skipped("This exercise names no services to expect.");
      const findings: Finding[] = [];
      for (const name of names) {
        const service = services.find((s) => s.name === name);
        if (!service) {
          const others = services.map((s) => s.name).filter((n) => !expected[n]);
          const instead = others.length ? `; it has ${others.join(", ")} instead` : "";
          findings.push({
            message: `The stack has no service called ${describeService(name, expected)}${instead}.`,
            location: file.at(["services"]),
            fix: `Name the service ${name}: other services and the exercise refer to it by that name.`,
          });
          continue;
        }
        const problem = expected[name]!.build ? buildProblem(service, file.at.bind(file)) : undefined;
        if (problem) findings.push(problem);
      }
      if (findings.length) return fail(...findings);
      const built = names.find((n) => expected[n]!.build);
      return pass(
        `The stack has ${names.join(", ")}${built ? `, and ${built} is built from the exercise's Dockerfile` : ""}.`,
      );
    }),
};

function buildProblem(service: ComposeService, at: (keys: (string | number)[]) => string): Finding | undefined {
  const build = service.build;
  if (!build) {
    const consequence = service.image
      ? `so Compose pulls ${service.image} instead of building the exercise's Dockerfile`
      : "so Compose has no image to run for it";
    return {
      message: `${service.name} has no build: key, ${consequence}.`,
      location: at(service.image ? ["services", service.name, "image"] : ["services", service.name]),
      fix: "build: .",
    };
  }
  if (build.inline)
    return {
      message: `${service.name} builds from dockerfile_inline, not from the exercise's Dockerfile.`,
      location: at(build.key),
      fix: "build: .",
    };
  if (!SAME_FOLDER.has(build.context.replace(/\/+$/, "/"))) {
    return {
      message:
        `${service.name} builds from the context ${build.context}, but the ` +
        `exercise's Dockerfile and app are in this folder (.).`,
      location: at(build.key),
      fix: "build: .",
    };
  }
  if (build.dockerfile && !DEFAULT_DOCKERFILE.has(build.dockerfile)) {
    return {
      message:
        `${service.name} builds from ${build.dockerfile}, but the exercise's ` +
        `Dockerfile (the one graded) is ./Dockerfile.`,
      location: at([...build.key, "dockerfile"]),
      fix: "Drop the dockerfile: line, or set it to Dockerfile.",
    };
  }
  return undefined;
}
