// Runs `npm run rehearse` in-process against the Pulumi STAND-IN (pulumi-stand-in.cjs) and the
// stand-in simulators, returning the exit code, the parsed --json report, stderr, and every
// invocation the stand-in recorded. What this proves: the orchestration, not a real deploy.

import { EventEmitter } from "node:events";
import { readdirSync } from "node:fs";
import { main } from "../../../cli/rehearse";
import type { RehearseReport } from "../../../cli/rehearse/report";
import type { RehearseDeps } from "../../../cli/rehearse/orchestrate";
import type { LiveApp } from "../../../cli/rehearse/sims";
import { invocations, STAND_IN, standInDir, type Invocation, type Scenario } from "./scenario";
import { startStandInSims, type StandInSims } from "./standInSims";

export const DEFAULT_SCOPES = [
  "okta.appGrants.manage",
  "okta.apps.manage",
  "okta.eventHooks.manage",
  "okta.inlineHooks.manage",
];

export interface RunOptions {
  readonly argv?: readonly string[];
  readonly env?: Record<string, string>;
  readonly scopes?: readonly string[];
  readonly signals?: EventEmitter;
  readonly seededApps?: readonly LiveApp[];
  readonly deps?: Partial<RehearseDeps>;
  /** Omit `--pulumi <stand-in>` (to test how the CLI is found). */
  readonly noPulumiFlag?: boolean;
  /** Called with the test's directory before the rehearsal starts (to watch the stand-in's log). */
  readonly onDir?: (dir: string) => void;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly report: RehearseReport | undefined;
  readonly stderr: string;
  readonly sims: StandInSims | undefined;
  readonly dir: string;
  readonly calls: Invocation[];
  /** Entries left in the temporary root (the rehearsal's directory must be gone). */
  readonly leftInTmp: string[];
}

export async function runRehearse(
  scenario: Scenario,
  options: RunOptions = {},
): Promise<RunResult> {
  const { dir, env } = standInDir(scenario);
  options.onDir?.(dir);
  let sims: StandInSims | undefined;
  let stdout = "";
  let stderr = "";
  const code = await main(
    [
      "--stack",
      "dev",
      ...(options.noPulumiFlag ? [] : ["--pulumi", STAND_IN]),
      ...(options.argv ?? ["--json"]),
    ],
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { PATH: process.env["PATH"] ?? "", HOME: dir, ...env, ...options.env },
      startSims: async (o) => (sims = await startStandInSims(o, options.seededApps)),
      planScopes: async () => [...(options.scopes ?? DEFAULT_SCOPES)],
      signals: options.signals ?? new EventEmitter(),
      tmpRoot: dir,
      ...options.deps,
    },
  );
  let report: RehearseReport | undefined;
  try {
    report = JSON.parse(stdout) as RehearseReport;
  } catch {
    report = undefined;
  }
  const leftInTmp = readdirSync(dir).filter((n) => n.startsWith("oktaplane-rehearse-"));
  return { code, stdout, report, stderr, sims, dir, calls: invocations(dir), leftInTmp };
}
