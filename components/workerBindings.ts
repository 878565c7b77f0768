// Turns the Worker's binding table (worker/env.ts, the contract) and the stack's values into
// Cloudflare script bindings: every secret_text value wrapped as a Pulumi secret in the program
// itself (Cloudflare's schema marks `text` sensitive, but mocks, plan and typings do not show it).

import type * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { WORKER_BINDINGS, type BindingName, type WorkerBinding } from "../worker/env";
import { HookError } from "./hookErrors";

/** A value per binding name; optional bindings may be left out (the Worker has defaults). */
export type BindingValues = Partial<Record<BindingName, pulumi.Input<string>>>;

export interface PlannedBinding {
  readonly name: BindingName;
  readonly type: WorkerBinding["type"];
  readonly value: pulumi.Input<string>;
}

/**
 * The bindings to create, in the table's order: every required binding must have a value, and
 * no value may name a binding the Worker does not read.
 */
export function planBindings(
  values: BindingValues,
  table: readonly WorkerBinding[] = WORKER_BINDINGS,
): PlannedBinding[] {
  const known = new Set<string>(table.map((b) => b.name));
  const unknown = Object.keys(values).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new HookError(
      "argument_invalid",
      `Worker bindings: ${unknown.join(", ")} not read by the Worker; allowed: ${[...known].join(", ")}`,
    );
  }
  const missing = table.filter((b) => b.required && values[b.name] === undefined);
  if (missing.length > 0) {
    throw new HookError(
      "binding_missing",
      `Worker bindings: no value for required ${missing.map((b) => b.name).join(", ")}`,
    );
  }
  return table.flatMap((b) => {
    const value = values[b.name];
    return value === undefined ? [] : [{ name: b.name, type: b.type, value }];
  });
}

/** Cloudflare `bindings` input: secret_text text is always a secret, plain_text stays plain. */
export function toCloudflareBindings(
  planned: readonly PlannedBinding[],
): cloudflare.types.input.WorkersScriptBinding[] {
  return planned.map((b) => ({
    name: b.name,
    type: b.type,
    text: b.type === "secret_text" ? pulumi.secret(b.value) : b.value,
  }));
}
