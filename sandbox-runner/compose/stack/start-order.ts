/** A container event of the stack's first `up`, as the engine reported it. */
export interface StackEvent {
  service: string;
  action: "start" | "healthy";
  /** Engine time, ms. */
  at: number;
}

export interface StartOrderProblem {
  service: string;
  dependency: string;
  message: string;
}

/**
 * Which expected dependencies a service did not wait for: it must first start after the dependency's first
 * healthy report. Times in messages are seconds after the stack's first event, as the engine recorded them.
 */
export function startOrderProblems(
  events: readonly StackEvent[],
  dependsOn: Readonly<Record<string, readonly string[]>>,
): StartOrderProblem[] {
  const origin = Math.min(...events.map((e) => e.at));
  const first = (service: string, action: StackEvent["action"]) => {
    const times = events.filter((e) => e.service === service && e.action === action).map((e) => e.at);
    return times.length ? Math.min(...times) : undefined;
  };
  const seconds = (at: number) => `${((at - origin) / 1000).toFixed(1)} s`;
  const problems: StartOrderProblem[] = [];
  for (const [service, dependencies] of Object.entries(dependsOn)) {
    const started = first(service, "start");
    for (const dependency of dependencies) {
      const healthy = first(dependency, "healthy");
      const message =
        started === undefined
          ? `${service} never started.`
          : healthy === undefined
            ? `${service} started at ${seconds(started)}, and ${dependency} never reported healthy ` +
              `(it needs a healthcheck for anyone to wait for it).`
            : started < healthy
              ? `${service} started at ${seconds(started)}, before ${dependency} was healthy ` +
                `(at ${seconds(healthy)}): it did not wait.`
              : undefined;
      if (message) problems.push({ service, dependency, message });
    }
  }
  return problems;
}

/** The action a Docker container event stands for in the start order, if any. */
export function stackEventAction(status: string | undefined): StackEvent["action"] | undefined {
  if (status === "start") return "start";
  if (status === "health_status: healthy") return "healthy";
  return undefined;
}
