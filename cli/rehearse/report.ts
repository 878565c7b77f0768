// The rehearsal report: one documented, versioned shape (docs/REHEARSE.md) for text, Markdown and
// `--json`, and the one place that decides what counts as a problem.

import type { ResourceFailure, PolicyViolation, ResourceStep } from "./engineEvents";
import type { IntegrityReport } from "./integrity";
import type { OktaCallSummary } from "./oktaCalls";
import type { RoundTripReport } from "./roundTrip";
import type { ConsoleEdit } from "./sims";
import type { CleanupResult } from "./cleanup";

export const REHEARSE_FORMAT_VERSION = 1;

export type PhaseName =
  "up" | "up (re-run)" | "preview" | "drift preview" | "unprotect" | "destroy";

export interface PhaseReport {
  readonly name: PhaseName;
  /** The command as run, credentials and paths left out. */
  readonly command: string;
  readonly exitCode: number;
  readonly ok: boolean;
  readonly wallMs: number;
  readonly oktaCalls: number;
  /** Engine step → count (`create`, `same`, `update`, …). */
  readonly steps: Readonly<Record<string, number>>;
  readonly failures: readonly ResourceFailure[];
  readonly errors: readonly string[];
  readonly policy: readonly PolicyViolation[];
  /** A failed up that `--fault` caused on purpose; its re-run is what must succeed. */
  readonly faultInjected?: boolean;
}

export interface DriftReport {
  readonly edit: ConsoleEdit | null;
  /** Whether `pulumi preview --refresh` proposed to change the edited resource back. */
  readonly seen: boolean;
  readonly changes: readonly ResourceStep[];
}

export interface RehearseReport {
  readonly version: typeof REHEARSE_FORMAT_VERSION;
  readonly stack: string;
  readonly ok: boolean;
  /** One line per problem found; empty when ok. */
  readonly problems: readonly string[];
  readonly pulumi: { readonly path: string; readonly version: string };
  readonly deployer: {
    readonly scopes: readonly string[];
    readonly source: "--scopes" | "OKTA_API_SCOPES" | "plan";
    /** The admin roles the deployer acts with in the simulator (--deployer-roles). */
    readonly roles: readonly string[];
  };
  readonly settings: {
    readonly clockScale: number;
    /** How the Okta provider's waits were shortened (the user's values beside them). */
    readonly backoff: {
      readonly rehearsal: Readonly<Record<string, number>>;
      readonly user: Readonly<Record<string, number>>;
    };
    readonly faults: readonly string[];
    /** Names (never values) of the user's variables the Pulumi CLI did not get. */
    readonly withheldEnv: readonly string[];
    /** Keys of the user's stack file left out of the temporary stack. */
    readonly droppedConfig: readonly string[];
    readonly pluginCache: "linked" | "none";
  };
  readonly phases: readonly PhaseReport[];
  readonly resources: {
    readonly total: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly protected: readonly string[];
    readonly retained: readonly string[];
  };
  readonly okta: OktaCallSummary;
  readonly permaDiffs: readonly ResourceStep[];
  readonly drift: DriftReport | null;
  readonly roundTrip: RoundTripReport;
  readonly integrity: IntegrityReport | null;
  /** Apps still in the simulated org after destroy that are not retained by design. */
  readonly leftAfterDestroy: readonly string[] | null;
  readonly cleanup: readonly CleanupResult[];
  readonly timing: {
    readonly wallMs: number;
    /** Time inside the Pulumi CLI. */
    readonly engineMs: number;
    /** wallMs − engineMs: simulators, workspace, round trip, report. */
    readonly overheadMs: number;
  };
  readonly kept: boolean;
}

export type RehearseOutcome =
  | {
      readonly kind: "report";
      readonly report: RehearseReport;
      /** Values to mask in anything printed. */
      readonly secrets: readonly string[];
    }
  | {
      readonly kind: "error";
      readonly exitCode: number;
      readonly message: string;
      readonly secrets: readonly string[];
    };

/** Everything the rehearsal measured, before the verdict. */
export type RehearseFindings = Omit<RehearseReport, "version" | "ok" | "problems">;

export function problemsOf(f: RehearseFindings): string[] {
  const problems: string[] = [];
  for (const p of f.phases) {
    if (p.ok || p.faultInjected === true) continue;
    const first = p.failures[0] ?? p.errors[0];
    const what =
      first === undefined
        ? `exit ${p.exitCode}`
        : typeof first === "string"
          ? first
          : `${first.urn.split("::").pop()}: ${first.message}`;
    problems.push(`${p.name} failed: ${oneLine(what)}`);
  }
  for (const p of f.phases.flatMap((ph) => ph.policy.filter((v) => v.level === "mandatory")))
    problems.push(`policy ${p.policy} (mandatory): ${oneLine(p.message)}`);
  for (const c of f.okta.forbidden)
    problems.push(
      `403 on ${c.operation} during ${c.phase}` +
        (c.missingScope ? `: the deployer lacks ${c.missingScope}` : ""),
    );
  if (f.permaDiffs.length > 0)
    problems.push(
      `second preview not empty (perma-diff): ${f.permaDiffs.map((d) => `${d.urn.split("::").pop()} [${d.diffs.join(", ") || d.op}]`).join("; ")}`,
    );
  // Without a service app there is nothing to edit: "not checked" (render.ts), not a failure.
  if (f.drift !== null && f.drift.edit !== null && !f.drift.seen)
    problems.push(
      `drift not seen: \`pulumi preview --refresh\` proposed no change after the console edit of ${f.drift.edit.resource}`,
    );
  if (f.roundTrip.ran && !f.roundTrip.ok) {
    for (const [name, step] of [
      ["event hook verification", f.roundTrip.verification],
      ["telephony", f.roundTrip.telephony],
      ["event feedback", f.roundTrip.feedback],
    ] as const)
      if (!step.ok) problems.push(`hook round trip, ${name}: ${step.detail}`);
  }
  if (f.integrity !== null && !f.integrity.ok) {
    for (const a of f.integrity.orphanedApps)
      problems.push(`orphaned app ${a.id} (${a.label}): in Okta but in no state`);
    for (const k of f.integrity.keyMismatches)
      problems.push(
        `${k.urn.split("::").pop()}: Okta holds keys [${k.live.join(", ")}], the state declares [${k.declared.join(", ")}]`,
      );
    for (const p of f.integrity.pendingOperations)
      problems.push(`pending ${p.type} operation left in the state for ${p.urn.split("::").pop()}`);
  }
  for (const id of f.leftAfterDestroy ?? [])
    problems.push(`destroy left app ${id} in Okta (not retained by design)`);
  for (const c of f.cleanup.filter((c) => !c.ok))
    problems.push(`cleanup of ${c.name} failed: ${c.error ?? "unknown error"}`);
  return problems;
}

export function finalizeReport(f: RehearseFindings): RehearseReport {
  const problems = problemsOf(f);
  return { version: REHEARSE_FORMAT_VERSION, ok: problems.length === 0, problems, ...f };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
