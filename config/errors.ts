// The one error a bad stack configuration raises: every problem, each naming its key.

export interface ConfigProblem {
  /** Full config key path, e.g. `oktaplane:serviceApps.reporting.capabilities[0]`. */
  readonly key: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The offending value, rendered; absent for secrets and secret-looking keys. */
  readonly value?: string;
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(stackName, problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(stack: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map(
    (p) => `  - ${p.key}: ${p.message}${p.value === undefined ? "" : ` (got ${p.value})`}`,
  );
  const noun = problems.length === 1 ? "problem" : "problems";
  return `stack ${stack}: ${problems.length} configuration ${noun}; nothing was created:\n${lines.join("\n")}`;
}
