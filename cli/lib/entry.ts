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
