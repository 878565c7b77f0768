// Key rotation as three ordinary `pulumi up`s (docs/ROTATION.md): add a key, switch activeKey,
// remove the old key. Each step is compared with the previous one, resource by resource: the
// app keeps its name and every input that forces replacement, and nothing else moves.
// What this does not prove: the engine's diff (the mock has no state); this compares inputs.

import * as okta from "@pulumi/okta";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceApp, type ServiceAppArgs } from "../../components/serviceApp";
import { byKey, installMocks, record, type Registered } from "./mockRuntime";
import { valueOf } from "../helpers/outputs";

const ORG = "https://dev-123456.okta.com";
const OAUTH = "okta:app/oAuth:OAuth";
/** Inputs the provider schema marks willReplaceOnChanges for okta.app.OAuth. */
const REPLACING_INPUTS = ["type", "clientId"];

beforeAll(() => installMocks({ keysPerAlgorithm: 2 }));

async function up(keys: ServiceAppArgs["keys"], activeKey?: string) {
  const { result, resources } = await record(() => {
    const provider = new okta.Provider("okta", { orgName: "dev-123456", baseUrl: "okta.com" });
    return new ServiceApp(
      "rot",
      { orgUrl: ORG, capabilities: ["read-only"], keys, activeKey, requireDpop: false },
      { providers: { okta: provider } },
    );
  });
  const app = byKey(resources).get(`${OAUTH}::rot`)!;
  return {
    resources: byKey(resources),
    activeKid: await valueOf(result.stackOutput.activeKid),
    clientId: await valueOf(result.clientId),
    publishedKids: (app.inputs["jwks"] as { kid: string }[]).map((j) => j.kid),
    kidOf: async (name: string) => valueOf(result.keys[name]!.kid),
  };
}

/** What changed between two runs: resources added or removed, and changed input names. */
function diff(before: Map<string, Registered>, after: Map<string, Registered>) {
  const changed: Record<string, string[]> = {};
  for (const [key, r] of after) {
    const old = before.get(key);
    if (!old) continue;
    const fields = [...new Set([...Object.keys(old.inputs), ...Object.keys(r.inputs)])].filter(
      (f) => JSON.stringify(old.inputs[f]) !== JSON.stringify(r.inputs[f]),
    );
    if (fields.length > 0) changed[key] = fields.sort();
  }
  return {
    added: [...after.keys()].filter((k) => !before.has(k)).sort(),
    removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
    changed,
  };
}

describe("rotation walk: add → switch → remove", () => {
  it("each step is a minimal diff that never replaces the app", async () => {
    const start = await up({ k2025: {} });
    const add = await up({ k2025: {}, k2026: { algorithm: "RS256" } }, "k2025");
    const switched = await up({ k2025: {}, k2026: { algorithm: "RS256" } }, "k2026");
    const removed = await up({ k2026: { algorithm: "RS256" } }, "k2026");
    const old = await start.kidOf("k2025");
    const next = await add.kidOf("k2026");
    expect(old).not.toBe(next);

    // 1. Add: the new key's resources appear; the app publishes both keys; connectors still
    //    get the old one.
    expect(diff(start.resources, add.resources)).toEqual({
      added: [
        "oktaplane:okta:ClientKey::rot-key-k2026",
        "tls:index/privateKey:PrivateKey::rot-key-k2026",
      ],
      removed: [],
      changed: {
        [`${OAUTH}::rot`]: ["jwks"],
        "pulumi-nodejs:dynamic:Resource::rot-dpop": ["appRevision"],
      },
    });
    expect([add.publishedKids, add.activeKid]).toEqual([[old, next], old]);

    // 2. Switch: no resource input changes at all; only the handed-out key does.
    expect(diff(add.resources, switched.resources)).toEqual({
      added: [],
      removed: [],
      changed: {},
    });
    expect([switched.publishedKids, switched.activeKid]).toEqual([[old, next], next]);

    // 3. Remove: the old key's resources go; the app publishes only the new key.
    expect(diff(switched.resources, removed.resources)).toEqual({
      added: [],
      removed: [
        "oktaplane:okta:ClientKey::rot-key-k2025",
        "tls:index/privateKey:PrivateKey::rot-key-k2025",
      ],
      changed: {
        [`${OAUTH}::rot`]: ["jwks"],
        "pulumi-nodejs:dynamic:Resource::rot-dpop": ["appRevision"],
      },
    });
    expect([removed.publishedKids, removed.activeKid]).toEqual([[next], next]);

    // Throughout: the same app resource, no replacing input changed, the same client id.
    for (const step of [start, add, switched, removed]) {
      const app = step.resources.get(`${OAUTH}::rot`)!;
      expect(REPLACING_INPUTS.map((f) => app.inputs[f])).toEqual(["service", undefined]);
      expect(step.clientId).toBe(start.clientId);
    }
  });

  it("names keys, not positions: listing keys in another order changes nothing", async () => {
    const a = await up({ k2025: {}, k2026: {} }, "k2026");
    const b = await up({ k2026: {}, k2025: {} }, "k2026");
    expect(diff(a.resources, b.resources)).toEqual({ added: [], removed: [], changed: {} });
  });
});
