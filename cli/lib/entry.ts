// Runs a CLI command's main when its file is executed directly (`tsx cli/<command>.ts`);
// `npm run <command>` goes through cli/run.cjs, which calls the same function itself.

export function runIfMain(
  mod: NodeModule,
  name: string,
  main: (argv: string[]) => Promise<number>,
): void {
  if (require.main !== mod) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Where a command writes; injectable for tests. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Exit codes, the same for every command (docs/PLAN.md): 0 done and nothing wrong; 1 the command
 * ran and found problems (invalid config, mandatory policy violations, type errors, a failed
 * check); 2 it could not do what was asked (bad arguments, unknown stack, a file it cannot read
 * or parse, a file it will not overwrite).
 */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Bad arguments or input the command cannot use: it says why and exits 2. */
export class UsageError extends Error {}

/** The source the user chose (`--stack` or `--outputs`), as readStackOutputs takes it. */
export function outputsSource(values: {
  stack?: string | undefined;
  outputs?: string | undefined;
}): {
  stack?: string;
  outputsFile?: string;
} {
  return {
    ...(values.stack !== undefined ? { stack: values.stack } : {}),
    ...(values.outputs !== undefined ? { outputsFile: values.outputs } : {}),
  };
}
