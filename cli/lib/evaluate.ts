// Evaluates the real program in-process under Pulumi's mock runtime, as a preview: records
// every resource registration exactly as the engine would receive it (type, name, parent,
// inputs with secrets marked, protect, retainOnDelete) and the program's outputs.

import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { fromOutput, fromWire, type PlanValue } from "./planValue";

export interface ResourceRecord {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly custom: boolean;
  readonly inputs: Record<string, PlanValue>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependsOn: string[];
  readonly importId: string | null;
  /**
   * Which resources each input's value comes from (the engine's propertyDependencies): a
   * replacement of one of them makes that input unknown until it is created again.
   */
  readonly propertyDependencies?: Record<string, string[]>;
}

export interface Evaluation {
  readonly resources: ResourceRecord[];
  readonly outputs: Record<string, PlanValue>;
}

export interface EvaluateOptions {
  readonly project: string;
  readonly stack: string;
  /** Engine-shaped config (`ns:key` → string) and the keys that are secret. */
  readonly config: Record<string, string>;
  readonly secretKeys: ReadonlySet<string>;
  /** Runs the program and returns its outputs. */
  readonly program: () => Promise<Record<string, unknown>>;
}

// The subset of the engine's RegisterResourceRequest that the plan reads.
export interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDependenciesList(): string[];
  getImportid(): string;
  getProvider(): string;
  getReplacementTrigger(): { toJavaScript(): unknown } | undefined;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap(): {
    forEach(f: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
export interface MockMonitorInternals {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, cb: unknown): Promise<void>;
}

// Exported by the SDK's runtime, marked @internal in its typings.
const runtimeInternals = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };

/**
 * Waits until every registration started so far has been answered by the (mock) monitor: the
 * one place that relies on the SDK's internal `waitForRPCs`.
 */
export function drainRegistrations(): Promise<void> {
  return runtimeInternals.waitForRPCs();
}

export async function evaluateProgram(options: EvaluateOptions): Promise<Evaluation> {
  pulumi.runtime.setAllConfig(options.config, [...options.secretKeys]);
  await pulumi.runtime.setMocks(
    {
      // Echo inputs as outputs, as a real preview does for creates; computed values stay unknown.
      newResource: (args) => ({
        id: undefined,
        state: keepSecrets(args.inputs) as Record<string, unknown>,
      }),
      call: () => ({}),
    },
    options.project,
    options.stack,
    true,
  );

  const resources = captureRegistrations();

  // A registration that fails inside the program (an error thrown in an apply) surfaces only as
  // an unhandled rejection, and the SDK's queue of pending registrations then never drains:
  // the first such failure ends the evaluation instead of leaving it hanging.
  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  process.on("unhandledRejection", fail);
  try {
    return await Promise.race([
      failed,
      (async () => {
        const programOutputs = await options.program();
        const outputs = (await fromOutput(programOutputs)) as Record<string, PlanValue>;
        await drainRegistrations();
        // A resource whose inputs fail to serialize never reaches the monitor, so nothing is
        // pending for it; Node reports its rejection on the next turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        await drainRegistrations();
        return { resources, outputs };
      })(),
    ]);
  } finally {
    process.off("unhandledRejection", fail);
  }
}

/**
 * Records every registration the mock monitor receives from now on, as the engine would receive
 * it; call after setMocks. The returned array fills as registrations arrive.
 */
export function captureRegistrations(): ResourceRecord[] {
  const resources: ResourceRecord[] = [];
  watchRegistrations((req, monitor) => resources.push(record(monitor, req)));
  return resources;
}

/**
 * Calls `seen` with every registration request the mock monitor receives from now on, before the
 * monitor answers it; call after setMocks. The one place that wraps the monitor (the plan and the
 * test harnesses all see registrations through it).
 */
export function watchRegistrations(
  seen: (req: RegisterRequest, monitor: MockMonitorInternals) => void,
): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorInternals;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    seen(req, monitor);
    return register(req, cb);
  };
}

export function record(monitor: MockMonitorInternals, req: RegisterRequest): ResourceRecord {
  const parent = req.getParent() || null;
  const inputs = fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, PlanValue>;
  // A dynamic resource's `__provider` is its provider's serialized source (tens of kB per
  // resource): a digest shows when it changes without flooding the plan.
  if (typeof inputs["__provider"] === "string")
    inputs["__provider"] =
      `[serialized provider sha256:${createHash("sha256").update(inputs["__provider"]).digest("hex").slice(0, 12)}]`;
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) propertyDependencies[key] = [...urns].sort();
  });
  return {
    urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
    type: req.getType(),
    name: req.getName(),
    parent,
    custom: req.getCustom(),
    inputs,
    protect: req.getProtect() === true,
    retainOnDelete: req.getRetainondelete() === true,
    dependsOn: req.getDependenciesList(),
    importId: req.getImportid() || null,
    propertyDependencies,
  };
}

/** Mock state must stay secret where the input was: re-wrap RPC secrets as secret outputs. */
export function keepSecrets(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value))
    return pulumi.secret(keepSecrets(pulumi.runtime.unwrapRpcSecret(value)));
  if (Array.isArray(value)) return value.map(keepSecrets);
  if (value !== null && typeof value === "object" && !pulumi.Output.isInstance(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepSecrets(v)]));
  return value;
}
