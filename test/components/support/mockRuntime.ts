// Pulumi's mock runtime for component tests: records every registration as the engine would get
// it (inputs with secrets still RPC-wrapped, dependencies, options) and answers with state that
// keeps secrets secret, plus the computed values a real provider would return.

import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import {
  drainRegistrations,
  keepSecrets,
  watchRegistrations,
  type MockMonitorInternals,
} from "../../../cli/lib/evaluate";

export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  /** Inputs as the mock received them: secret values arrive RPC-wrapped. */
  readonly inputs: Record<string, unknown>;
  /** URNs this resource waits for: dependsOn and the resources behind its input outputs. */
  readonly dependencies: readonly string[];
  readonly retainOnDelete: boolean;
  readonly replacementTrigger: unknown;
}

export interface MockRuntime {
  /** Waits until every registration so far has reached the mock. */
  settle(): Promise<void>;
  /** All registrations (order is not construction order). */
  readonly registrations: readonly Registration[];
  /** The one registration of `type` named `name`; throws if absent. */
  get(type: string, name: string): Registration;
  /** Registrations of a type. */
  ofType(type: string): Registration[];
}

/** A stand-in for RandomPassword's result: deterministic, [0-9a-f], the requested length. */
export function fakePassword(name: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    out += createHash("sha256").update(`${name}/${i}`).digest("hex");
  }
  return out.slice(0, length);
}

export async function startMockRuntime(project = "oktaplane", stack = "dev"): Promise<MockRuntime> {
  const inputsByUrn = new Map<string, Record<string, unknown>>();
  const pending: Omit<Registration, "inputs">[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const urn = monitor.newUrn(parentOf(args.name, args.type), args.type, args.name);
        inputsByUrn.set(`${args.type}::${args.name}`, args.inputs as Record<string, unknown>);
        void urn;
        const state = keepSecrets(args.inputs) as Record<string, unknown>;
        if (args.type === "random:index/randomPassword:RandomPassword") {
          state["result"] = pulumi.secret(fakePassword(args.name, Number(args.inputs.length)));
        }
        return { id: args.custom ? `${args.name}-id` : undefined, state };
      },
      call: () => ({}),
    },
    project,
    stack,
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorInternals;
  const parents = new Map<string, string>();
  const parentOf = (name: string, type: string) => parents.get(`${type}::${name}`) ?? "";
  watchRegistrations((req) => {
    parents.set(`${req.getType()}::${req.getName()}`, req.getParent());
    pending.push({
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      custom: req.getCustom(),
      dependencies: req.getDependenciesList(),
      retainOnDelete: req.getRetainondelete() === true,
      replacementTrigger: req.getReplacementTrigger()?.toJavaScript(),
    });
  });

  const registrations = (): Registration[] =>
    pending.map((r) => ({ ...r, inputs: inputsByUrn.get(`${r.type}::${r.name}`) ?? {} }));
  return {
    settle: () => drainRegistrations(),
    get registrations() {
      return registrations();
    },
    get(type, name) {
      const found = registrations().find((r) => r.type === type && r.name === name);
      if (found === undefined) throw new Error(`no ${type} named ${name} was registered`);
      return found;
    },
    ofType(type) {
      return registrations().filter((r) => r.type === type);
    },
  };
}

/** Whether a value arrived as a secret, and its plain form (secrets unwrapped at any depth). */
export function reveal(value: unknown): { secret: boolean; value: unknown } {
  return { secret: pulumi.runtime.isRpcSecret(value), value: unwrapDeep(value) };
}

export function unwrapDeep(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return unwrapDeep(pulumi.runtime.unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(unwrapDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapDeep(v)]));
  }
  return value;
}
