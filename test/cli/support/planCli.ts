// Runs `plan` in-process with its output captured. The type check is left out here: it has its
// own tests (typecheck.test.ts), and the bundled-runner test in plan.test.ts runs the real one
// over this repository; everything else about plan does not depend on it.

import { runPlanCli, type CliIO, type PlanDeps } from "../../../cli/plan";
import type { TypeCheckResult } from "../../../cli/lib/typecheck";

export const skipTypeCheck = (): TypeCheckResult => ({
  status: "skipped",
  errors: [],
  files: 0,
  elapsedMs: 0,
});

export function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return { out: (t) => (out += t), err: (t) => (err += t), stdout: () => out, stderr: () => err };
}

export async function runPlan(
  argv: string[],
  deps: PlanDeps = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await runPlanCli(argv, io, { typeCheck: skipTypeCheck, ...deps });
  return { code, out: io.stdout(), err: io.stderr() };
}
