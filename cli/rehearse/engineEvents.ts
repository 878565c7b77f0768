// Reads the Pulumi engine's event log (`--event-log <file>`: one JSON EngineEvent per line, the
// stream the Automation API consumes) into what the rehearsal reports: each resource's step, its
// outputs, failures with their messages, policy violations and the engine's own summary.

import { readFile } from "node:fs/promises";
import type { EngineEvent, OpType, StepEventMetadata } from "@pulumi/pulumi/automation";

export interface ResourceStep {
  readonly urn: string;
  readonly type: string;
  readonly op: OpType;
  /** Top-level properties that differ (the engine's `diffs`). */
  readonly diffs: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

export interface ResourceOutputs {
  readonly urn: string;
  readonly type: string;
  readonly id: string;
  /** As the engine logs them: secrets are `[secret]`. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

export interface ResourceFailure {
  readonly urn: string;
  readonly type: string;
  readonly message: string;
}

export interface PolicyViolation {
  readonly policy: string;
  readonly level: "warning" | "mandatory";
  readonly urn?: string;
  readonly message: string;
}

export interface PhaseEvents {
  /** One step per resource, in the order the engine took them. */
  readonly steps: readonly ResourceStep[];
  readonly outputs: ReadonlyMap<string, ResourceOutputs>;
  readonly failures: readonly ResourceFailure[];
  /** Error diagnostics not tied to a resource (program errors, "update failed"). */
  readonly errors: readonly string[];
  readonly policy: readonly PolicyViolation[];
  readonly summary?: {
    readonly resourceChanges: Readonly<Record<string, number>>;
    readonly durationSeconds: number;
  };
  /** Lines that were not JSON (a truncated last line when the CLI was killed). */
  readonly unreadable: number;
}

/** Steps that change nothing. `read` is a data source, `refresh` the read before a diff. */
const NO_CHANGE: ReadonlySet<OpType> = new Set(["same", "read", "refresh"]);

export function isChange(op: OpType): boolean {
  return !NO_CHANGE.has(op);
}

export async function readEventLog(file: string): Promise<PhaseEvents> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    // The CLI failed before it began the operation (bad flag, missing plugin): no events.
    text = "";
  }
  return parseEventLog(text);
}

export function parseEventLog(text: string): PhaseEvents {
  const events: EngineEvent[] = [];
  let unreadable = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      events.push(JSON.parse(line) as EngineEvent);
    } catch {
      unreadable += 1;
    }
  }
  events.sort((a, b) => a.sequence - b.sequence);

  // `pulumi up` without --skip-preview logs its preview (planning) before the update: when the
  // update ran, only its own steps count.
  const pre = events.filter((e) => e.resourcePreEvent !== undefined);
  const updated = pre.some((e) => e.resourcePreEvent!.planning !== true);
  const steps = new Map<string, ResourceStep>();
  for (const e of pre) {
    const event = e.resourcePreEvent!;
    if (updated && event.planning === true) continue;
    const m = event.metadata;
    // A replacement logs several steps for one URN; the last one says what finally happened.
    steps.set(m.urn, step(m));
  }

  const outputs = new Map<string, ResourceOutputs>();
  for (const e of events) {
    const event = e.resOutputsEvent;
    if (event === undefined || (updated && event.planning === true)) continue;
    const state = event.metadata.new ?? event.metadata.old;
    if (state === undefined) continue;
    outputs.set(event.metadata.urn, {
      urn: event.metadata.urn,
      type: event.metadata.type,
      id: state.id ?? "",
      outputs: state.outputs ?? {},
      protect: state.protect === true,
      retainOnDelete: state.retainOnDelete === true,
    });
  }

  const failed = events.filter((e) => e.resOpFailedEvent !== undefined);
  const diagnostics = events.flatMap((e) =>
    e.diagnosticEvent !== undefined && e.diagnosticEvent.severity === "error"
      ? [e.diagnosticEvent]
      : [],
  );
  const failures: ResourceFailure[] = failed.map((e) => {
    const m = e.resOpFailedEvent!.metadata;
    const message = diagnostics
      .filter((d) => d.urn === m.urn)
      .map((d) => clean(d.message))
      .join(" ");
    return { urn: m.urn, type: m.type, message: message || `${m.op} failed` };
  });
  const failedUrns = new Set(failures.map((f) => f.urn));
  // Resource errors also arrive as diagnostics for resources with no failed-step event (a
  // provider's Configure, a Check failure): keep those too.
  for (const d of diagnostics) {
    if (d.urn !== undefined && d.urn !== "" && !failedUrns.has(d.urn)) {
      failures.push({ urn: d.urn, type: typeOfUrn(d.urn), message: clean(d.message) });
      failedUrns.add(d.urn);
    }
  }
  const errors = diagnostics
    .filter((d) => d.urn === undefined || d.urn === "" || isStackUrn(d.urn))
    .map((d) => clean(d.message))
    .filter((m) => m !== "");

  const policy: PolicyViolation[] = events.flatMap((e) => {
    const p = e.policyEvent;
    if (p === undefined) return [];
    return [
      {
        policy: p.policyName,
        level: p.enforcementLevel,
        ...(p.resourceUrn ? { urn: p.resourceUrn } : {}),
        message: clean(p.message),
      },
    ];
  });

  const summaries = events.filter((e) => e.summaryEvent !== undefined);
  const last = summaries[summaries.length - 1]?.summaryEvent;
  return {
    steps: [...steps.values()],
    outputs,
    failures: failures.filter((f) => !isStackUrn(f.urn)),
    errors,
    policy,
    ...(last
      ? {
          summary: {
            resourceChanges: { ...last.resourceChanges } as Record<string, number>,
            durationSeconds: last.durationSeconds,
          },
        }
      : {}),
    unreadable,
  };
}

function step(m: StepEventMetadata): ResourceStep {
  const state = m.new ?? m.old;
  return {
    urn: m.urn,
    type: m.type,
    op: m.op,
    diffs: [...(m.diffs ?? [])].sort(),
    protect: state?.protect === true,
    retainOnDelete: state?.retainOnDelete === true,
  };
}

/** `urn:pulumi:<stack>::<project>::<type path>::<name>`: the last type of the path. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const typePath = parts[2] ?? "";
  return typePath.split("$").pop() ?? typePath;
}

function isStackUrn(urn: string): boolean {
  return typeOfUrn(urn) === "pulumi:pulumi:Stack";
}

/** Diagnostics carry ANSI colour codes unless `--color never`, and trailing newlines. */
function clean(message: string): string {
  return message.replace(/\u001b\[[0-9;]*m/g, "").trim();
}
