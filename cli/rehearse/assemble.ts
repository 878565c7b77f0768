// Turns what one rehearsal measured (its session's phases and Okta calls, the state after the
// deploy, the checks) into the report, after cleanup has run so that a failed cleanup counts.

import type { RehearseArgs } from "./args";
import type { Cleanup } from "./cleanup";
import type { PhaseEvents } from "./engineEvents";
import type { StateExport } from "./integrity";
import { summarizeOktaCalls } from "./oktaCalls";
import type { PulumiCli } from "./pulumiCli";
import {
  finalizeReport,
  type DriftReport,
  type RehearseOutcome,
  type RehearseReport,
} from "./report";
import type { RoundTripReport } from "./roundTrip";
import type { Session } from "./session";
import type { temporaryStackFile } from "./stackConfig";
import type { Workspace } from "./workspace";

export interface Findings {
  readonly started: number;
  readonly cli: PulumiCli;
  readonly deployer: RehearseReport["deployer"];
  readonly args: RehearseArgs;
  readonly stackFile: ReturnType<typeof temporaryStackFile>;
  readonly ws: Workspace;
  readonly withheldEnv: string[];
  readonly state: StateExport | undefined;
  readonly integrity: RehearseReport["integrity"];
  readonly permaDiffs: PhaseEvents["steps"];
  readonly drift: DriftReport | null;
  readonly roundTrip: RoundTripReport;
  readonly leftAfterDestroy: readonly string[] | null;
  readonly kept: boolean;
  readonly cleanup: Cleanup;
  readonly capacityPercent: number;
  readonly secrets: readonly string[];
}

export async function assembleReport(session: Session, f: Findings): Promise<RehearseOutcome> {
  const okta = summarizeOktaCalls(
    session.calls,
    (b) => session.sims.okta.bucketLimit(b),
    f.capacityPercent,
  );
  const custom = (f.state?.resources ?? []).filter(
    (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
  );
  const byType: Record<string, number> = {};
  for (const r of custom) byType[r.type] = (byType[r.type] ?? 0) + 1;
  // Cleanup runs before the verdict, so a failed cleanup is a reported problem.
  const cleanup = await f.cleanup.run();
  const wallMs = Math.round(performance.now() - f.started);
  const report = finalizeReport({
    stack: f.args.stack,
    pulumi: { path: f.cli.path, version: f.cli.version },
    deployer: f.deployer,
    settings: {
      clockScale: f.args.clockScale,
      backoff: {
        rehearsal: pick(f.stackFile.rateLimits.rehearsal),
        user: pick(f.stackFile.rateLimits.user),
      },
      faults: f.args.faults,
      withheldEnv: f.withheldEnv,
      droppedConfig: f.stackFile.dropped,
      pluginCache: f.ws.linkedPlugins === undefined ? "none" : "linked",
    },
    phases: session.phases,
    resources: {
      total: custom.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      protected: custom.filter((r) => r.protect).map((r) => r.urn),
      retained: custom.filter((r) => r.retainOnDelete).map((r) => r.urn),
    },
    okta,
    permaDiffs: f.permaDiffs,
    drift: f.drift,
    roundTrip: f.roundTrip,
    integrity: f.integrity,
    leftAfterDestroy: f.leftAfterDestroy,
    cleanup,
    timing: { wallMs, engineMs: session.engineMs, overheadMs: wallMs - session.engineMs },
    kept: f.kept,
  });
  return { kind: "report", report, secrets: f.secrets };
}

function pick(limits: Record<string, number>): Record<string, number> {
  const { minWaitSeconds, maxWaitSeconds, requestTimeout, maxRetries, maxApiCapacity } =
    limits as Record<string, number>;
  return {
    minWaitSeconds: minWaitSeconds!,
    maxWaitSeconds: maxWaitSeconds!,
    requestTimeout: requestTimeout!,
    maxRetries: maxRetries!,
    maxApiCapacity: maxApiCapacity!,
  };
}
