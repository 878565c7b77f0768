// Builds the canned scenario the Pulumi STAND-IN answers from (pulumi-stand-in.cjs): engine events
// shaped like the real CLI's --event-log output, `stack export` JSON, and the Okta requests the
// stand-in makes so that the stand-in simulators record calls. Not a real engine's output.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const STAND_IN = path.join(__dirname, "pulumi-stand-in.cjs");

export interface CannedResource {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly inputs?: Record<string, unknown>;
}

export interface CannedStep {
  readonly exitCode?: number;
  readonly events?: unknown[];
  readonly requests?: { method: string; path: string; body?: unknown }[];
  readonly sleepMs?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export type Scenario = Partial<Record<string, CannedStep[]>>;

export const urnOf = (stack: string, r: Pick<CannedResource, "type" | "name">) =>
  `urn:pulumi:${stack}::oktaplane::${r.type}::${r.name}`;

function state(stack: string, r: CannedResource) {
  return {
    type: r.type,
    urn: urnOf(stack, r),
    custom: true,
    id: r.id ?? "",
    parent: "",
    protect: r.protect === true,
    retainOnDelete: r.retainOnDelete === true,
    inputs: r.inputs ?? {},
    outputs: { ...(r.inputs ?? {}), id: r.id ?? "" },
    provider: "",
  };
}

/** resourcePreEvent + resOutputsEvent per resource, as the engine logs a step. */
export function stepEvents(
  stack: string,
  op: string,
  resources: readonly CannedResource[],
  options: { planning?: boolean; diffs?: Record<string, string[]> } = {},
): unknown[] {
  return resources.flatMap((r) => {
    const s = state(stack, r);
    const metadata = {
      op,
      urn: s.urn,
      type: r.type,
      ...(op === "delete" ? { old: s } : { new: s }),
      diffs: options.diffs?.[r.name] ?? [],
      provider: "",
    };
    return [
      { resourcePreEvent: { metadata, planning: options.planning === true } },
      { resOutputsEvent: { metadata, planning: options.planning === true } },
    ];
  });
}

export function summaryEvent(changes: Record<string, number>): unknown {
  return {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 1,
      resourceChanges: changes,
      policyPacks: {},
    },
  };
}

export function failedEvents(stack: string, r: CannedResource, message: string): unknown[] {
  const urn = urnOf(stack, r);
  return [
    {
      resOpFailedEvent: {
        metadata: { op: "create", urn, type: r.type, provider: "" },
        status: 1,
        steps: 0,
      },
    },
    { diagnosticEvent: { urn, message: `${message}\n`, color: "never", severity: "error" } },
  ];
}

export function exportOf(
  stack: string,
  resources: readonly CannedResource[],
  pending: CannedResource[] = [],
) {
  return JSON.stringify({
    version: 3,
    deployment: {
      resources: [
        {
          urn: `urn:pulumi:${stack}::oktaplane::pulumi:pulumi:Stack::oktaplane-${stack}`,
          type: "pulumi:pulumi:Stack",
          custom: false,
        },
        ...resources.map((r) => state(stack, r)),
      ],
      ...(pending.length > 0
        ? {
            pending_operations: pending.map((r) => ({
              resource: state(stack, r),
              type: "creating",
            })),
          }
        : {}),
    },
  });
}

/** A directory for one test: the scenario file and the stand-in's invocation log. */
export function standInDir(scenario: Scenario): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rehearse-test-"));
  writeFileSync(path.join(dir, "scenario.json"), JSON.stringify({ commands: scenario }));
  return {
    dir,
    env: {
      STAND_IN_SCENARIO: path.join(dir, "scenario.json"),
      STAND_IN_LOG: path.join(dir, "invocations.jsonl"),
    },
  };
}

export interface Invocation {
  readonly key: string;
  readonly argv: string[];
  readonly cwd: string;
  readonly pid: number;
  readonly stdin: string;
  readonly env: Record<string, string>;
  readonly stackFile: string | null;
}

export function invocations(dir: string): Invocation[] {
  let text = "";
  try {
    text = readFileSync(path.join(dir, "invocations.jsonl"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Invocation);
}
