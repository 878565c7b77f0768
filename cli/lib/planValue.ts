// Renders Pulumi wire values (resource inputs as the engine receives them) and program outputs
// into plain JSON for the plan, with every secret replaced by a marker: a plan never holds one.

import * as pulumi from "@pulumi/pulumi";

export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

export type PlanValue =
  null | boolean | number | string | PlanValue[] | { [key: string]: PlanValue };

// Signatures of the engine's wire format (sdk/nodejs/runtime/rpc.ts).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const SIG_ASSET = "c44067f5952c0a294b673a41bacd8c17";
const SIG_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const UNKNOWN_WIRE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A wire value (from `struct.toJavaScript()`) as a plan value. */
export function fromWire(value: unknown): PlanValue {
  if (value === UNKNOWN_WIRE) return UNKNOWN;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    switch (o[SIG_KEY]) {
      case SIG_SECRET:
        return SECRET;
      case SIG_RESOURCE:
        return `[resource ${String(o["urn"] ?? "")}]`;
      case SIG_OUTPUT:
        if (o["secret"] === true) return SECRET;
        return "value" in o ? fromWire(o["value"]) : UNKNOWN;
      case SIG_ASSET:
      case SIG_ARCHIVE:
        return "[asset]";
      default:
        return Object.fromEntries(
          Object.entries(o)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, fromWire(v)]),
        );
    }
  }
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string")
    return value;
  return String(value);
}

// Output internals the SDK keeps public at runtime but hides from its typings.
interface OutputInternals {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/** A program output (plain data with Output leaves) as a plan value. */
export async function fromOutput(value: unknown): Promise<PlanValue> {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (pulumi.Output.isInstance(value)) {
    const o = value as unknown as OutputInternals;
    if (await o.isSecret) return SECRET;
    if (!(await o.isKnown)) return UNKNOWN;
    return fromOutput(await o.promise(true));
  }
  if (value instanceof Promise) return fromOutput(await value);
  if (pulumi.Resource.isInstance(value)) return "[resource]";
  if (Array.isArray(value)) return Promise.all(value.map(fromOutput));
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(async ([k, v]) => [k, await fromOutput(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return fromWire(value);
}
