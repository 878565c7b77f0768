// Runs connector code under Pulumi's mock runtime as an update (not a preview), recording every
// registration the way the plan does, with resource outputs and invoke answers chosen by the test.
// What this does not prove: that Okta accepts these inputs; only the provider schema says so.

import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import {
  captureRegistrations,
  drainRegistrations,
  keepSecrets,
  type ResourceRecord,
} from "../../../cli/lib/evaluate";
import { inspect } from "../../helpers/outputs";

export interface RunOptions {
  readonly stack?: string;
  /** Extra output state for a created resource (e.g. a client id). */
  readonly state?: (args: MockResourceArgs) => Record<string, unknown>;
  /** Answers to invokes by token. */
  readonly call?: (args: MockCallArgs) => Record<string, unknown>;
}

export interface Run<T> {
  readonly result: T;
  readonly resources: ResourceRecord[];
  readonly calls: MockCallArgs[];
}

export async function runWithMocks<T>(program: () => T, options: RunOptions = {}): Promise<Run<T>> {
  const calls: MockCallArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: args.id || `${args.name}-id`,
        state: { ...(keepSecrets(args.inputs) as object), ...(options.state?.(args) ?? {}) },
      }),
      call: (args) => {
        calls.push(args);
        return options.call?.(args) ?? {};
      },
    },
    "oktaplane",
    options.stack ?? "dev",
    false,
  );
  const resources = captureRegistrations();
  const result = program();
  await drainRegistrations();
  return { result, resources, calls };
}

/** Whether an Output has resolved within a few turns of the event loop. */
export async function settlesSoon(output: pulumi.Output<unknown>): Promise<boolean> {
  let done = false;
  void inspect(output).then(() => (done = true));
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return done;
}
