// Test harness for components under Pulumi's mock runtime: records every registration as the
// engine receives it (type, name, parent, provider, dependencies, inputs with secrets marked)
// and answers with explicit per-type state, including real generated keys for tls.PrivateKey.
//
// What this does not prove: that Okta accepts these inputs, or that the real engine orders
// operations as the dependencies here say it should.

import { createHash, generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { drainRegistrations, watchRegistrations } from "../../cli/lib/evaluate";
import { fromWire, type PlanValue } from "../../cli/lib/planValue";

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly provider: string;
  readonly dependencies: string[];
  readonly protect: boolean;
  /** Inputs as the engine receives them; secrets read "[secret]", unknowns "[unknown]". */
  readonly inputs: Record<string, PlanValue>;
}

const generated = new Map<string, { pkcs8: string; publicPem: string }>();
const assigned = new Map<string, string>();
let poolSize = 1;
/**
 * A real key per tls.PrivateKey name, stable for the whole test file as the engine's state would
 * keep it. RSA generation is slow, so a file generates at most `poolSize` keys per algorithm and
 * hands them out by name in first-seen order: names seen consecutively get distinct keys.
 */
function keyFor(name: string, algorithm: string): { pkcs8: string; publicPem: string } {
  const id = `${algorithm}:${name}`;
  if (!assigned.has(id)) {
    const seen = [...assigned.keys()].filter((k) => k.startsWith(`${algorithm}:`)).length;
    assigned.set(id, `${algorithm}#${seen % poolSize}`);
  }
  const slot = assigned.get(id)!;
  let key = generated.get(slot);
  if (!key) {
    const pair =
      algorithm === "RSA"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : generateKeyPairSync("ec", { namedCurve: "P-256" });
    key = {
      pkcs8: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      publicPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
    generated.set(slot, key);
  }
  return key;
}

/** A stable fake Okta id from a resource name (`0oa` + 17 characters for apps). */
export function fakeId(prefix: string, name: string): string {
  return prefix + createHash("sha256").update(name).digest("hex").slice(0, 17);
}

export type Gate = (args: pulumi.runtime.MockResourceArgs) => Promise<void> | undefined;

let records: Registered[] = [];
let gate: Gate = () => undefined;

function plain(value: unknown): unknown {
  return pulumi.runtime.isRpcSecret(value) ? pulumi.runtime.unwrapRpcSecret(value) : value;
}

/** State per type, built from what a provider would return, never a blind echo of the inputs. */
async function newResource(args: pulumi.runtime.MockResourceArgs) {
  await gate(args);
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case "tls:index/privateKey:PrivateKey": {
      const algorithm = String(plain(inputs["algorithm"]));
      const key = keyFor(args.name, algorithm);
      // Plain strings on purpose: the component must mark them secret itself.
      return {
        id: `tls-${args.name}`,
        state: { algorithm, privateKeyPemPkcs8: key.pkcs8, publicKeyPem: key.publicPem },
      };
    }
    case "okta:app/oAuth:OAuth":
      return {
        id: fakeId("0oa", `app:${args.name}`),
        state: {
          clientId: fakeId("0oa", `app:${args.name}`),
          label: plain(inputs["label"]),
          // Okta generates a secret for web apps (client_secret_basic); service apps get none.
          ...(plain(inputs["type"]) === "web" ? { clientSecret: fakeId("cs-", args.name) } : {}),
        },
      };
    case "pulumi-nodejs:dynamic:Resource":
      return {
        id: String(plain(inputs["appId"])),
        state: { requireDpop: plain(inputs["requireDpop"]), appId: plain(inputs["appId"]) },
      };
    default:
      return { id: fakeId("id-", `${args.type}:${args.name}`), state: {} };
  }
}

/**
 * Installs the mocks (call before constructing any resource); idempotent per test file. Files share
 * a process (vitest.config.mts): names are handed keys afresh for each file, from the keys already
 * generated, so a file's key pairing never depends on the files before it; the stack config starts
 * empty for the same reason.
 */
export async function installMocks(
  options: { stack?: string; keysPerAlgorithm?: number } = {},
): Promise<void> {
  poolSize = options.keysPerAlgorithm ?? 1;
  assigned.clear();
  records = [];
  setGate(undefined);
  pulumi.runtime.setAllConfig({}, []);
  await pulumi.runtime.setMocks(
    { newResource, call: () => ({}) },
    "oktaplane",
    options.stack ?? "dev",
    false,
  );
  watchRegistrations((req) =>
    records.push({
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
      protect: req.getProtect() === true,
      inputs: fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, PlanValue>,
    }),
  );
}

/** Holds matching registrations until the returned promise settles (outside `record`). */
export function setGate(g: Gate | undefined): void {
  gate = g ?? (() => undefined);
}

/** Waits for every outstanding registration. */
export function settle(): Promise<void> {
  return drainRegistrations();
}

/** Runs `build`, waits for every registration, and returns what was registered. */
export async function record<T>(
  build: () => T | Promise<T>,
  options: { gate?: Gate } = {},
): Promise<{ result: T; resources: Registered[] }> {
  records = [];
  gate = options.gate ?? (() => undefined);
  const result = await build();
  await drainRegistrations();
  const resources = records;
  records = [];
  return { result, resources };
}

/** Registered resources by `type::name`, inputs without the dynamic provider's source. */
export function byKey(resources: readonly Registered[]): Map<string, Registered> {
  return new Map(
    resources.map((r) => {
      const { __provider: _p, ...inputs } = r.inputs;
      void _p;
      return [`${r.type}::${r.name}`, { ...r, inputs }];
    }),
  );
}
