// The documented, stable shape of one adopt run (`--json`), and how the call counts turn into the
// share of the org's per-minute read budget the run used.

import type { AdoptConfig } from "../../config/schema";
import type { AdoptionResult, ConfigChange, NotManaged, Problem } from "./adoption";
import type { ImportFile } from "./importFile";
import type { KeyPlan } from "./keys";
import type { Decision } from "./match";
import type { AppAudit } from "./privileges";
import type { CallStats } from "./reader";

export const ADOPT_FORMAT_VERSION = 1;

export interface BudgetUse {
  readonly bucket: string;
  readonly calls: number;
  /** The org's limit when its responses said, else Okta's documented one. */
  readonly perMinute?: number;
  /** calls ÷ perMinute: the share of one minute of that bucket the run used. */
  readonly share?: number;
}

export interface AdoptReport {
  readonly version: typeof ADOPT_FORMAT_VERSION;
  readonly stack: string;
  readonly orgUrl: string;
  /** Where the org was read: the org URL, or OKTA_HTTP_PROXY. */
  readonly readFrom: string;
  readonly credential: "api-token" | "access-token" | "service-app";
  /** The read scopes adopt needs (and, for a service app, the only ones it requests). */
  readonly readScopes: readonly string[];
  readonly resources: readonly Decision[];
  readonly apps: readonly AppAudit[];
  readonly keys: readonly KeyPlan[];
  readonly notManaged: readonly NotManaged[];
  readonly deletedApps: number;
  readonly config: { readonly adopt: AdoptConfig; readonly changes: readonly ConfigChange[] };
  readonly tokens: readonly string[];
  readonly importFile: ImportFile;
  readonly problems: readonly Problem[];
  readonly calls: CallStats & { readonly budget: readonly BudgetUse[] };
  readonly elapsedMs: number;
  /** Of which reading the org (the rest: the offline plan, matching, writing). */
  readonly readMs: number;
  /** Paths written with --write; null when nothing was written. */
  readonly written: { readonly stackFile: string; readonly importFile: string } | null;
}

export function budgetOf(stats: CallStats): BudgetUse[] {
  return Object.entries(stats.byBucket)
    .map(([bucket, c]) => {
      const perMinute = c.orgLimit ?? c.perMinute;
      return {
        bucket,
        calls: c.calls,
        ...(perMinute === undefined ? {} : { perMinute, share: c.calls / perMinute }),
      };
    })
    .sort((a, b) => (b.share ?? 0) - (a.share ?? 0));
}

export function buildReport(args: {
  stack: string;
  orgUrl: string;
  readFrom: string;
  credential: AdoptReport["credential"];
  readScopes: readonly string[];
  result: AdoptionResult;
  stats: CallStats;
  elapsedMs: number;
  readMs: number;
  written: AdoptReport["written"];
}): AdoptReport {
  const { result: r } = args;
  return {
    version: ADOPT_FORMAT_VERSION,
    stack: args.stack,
    orgUrl: args.orgUrl,
    readFrom: args.readFrom,
    credential: args.credential,
    readScopes: args.readScopes,
    resources: r.decisions,
    apps: r.audits,
    keys: r.keys,
    notManaged: r.notManaged,
    deletedApps: r.deletedApps,
    config: { adopt: r.adopt, changes: r.changes },
    tokens: r.tokens,
    importFile: r.importFile,
    problems: r.problems,
    calls: { ...args.stats, budget: budgetOf(args.stats) },
    elapsedMs: args.elapsedMs,
    readMs: args.readMs,
    written: args.written,
  };
}
