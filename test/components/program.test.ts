// The program's wiring of service apps: one ServiceApp per config key, the explicit provider on
// every Okta resource, names independent of config order, and the `serviceApps` export shape.

import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../program";
import { byKey, installMocks, record } from "./mockRuntime";
import { isSecret } from "../helpers/outputs";

const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";

beforeAll(() => installMocks({ keysPerAlgorithm: 2 }));

async function run(environment: string, serviceApps: object) {
  pulumi.runtime.setAllConfig(
    {
      "oktaplane:environment": environment,
      "oktaplane:okta": JSON.stringify({ orgName: "dev-123456", baseUrl: "okta.com" }),
      "oktaplane:serviceApps": JSON.stringify(serviceApps),
    },
    [],
  );
  return record(() => main({ missingSecrets: "fail" }));
}

const configA = {
  reporting: { label: "Reporting", capabilities: ["read-only"] },
  moveworks: {
    capabilities: ["read-only", "software-provisioning", "moveworks-scopes"],
    groups: [G1, G2],
    requireDpop: false,
    keys: { k2025: {}, k2026: { algorithm: "ES256" } },
    activeKey: "k2026",
  },
};
// The same apps, with every list and map in another order.
const configB = {
  moveworks: {
    activeKey: "k2026",
    keys: { k2026: { algorithm: "ES256" }, k2025: {} },
    requireDpop: false,
    groups: [G2, G1],
    capabilities: ["moveworks-scopes", "software-provisioning", "read-only"],
  },
  reporting: { capabilities: ["read-only"], label: "Reporting" },
};

describe("program: service apps", () => {
  it("the same config in another order registers identical names and inputs", async () => {
    const a = byKey((await run("dev", configA)).resources);
    const b = byKey((await run("dev", configB)).resources);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [key, r] of a) expect([key, b.get(key)!.inputs]).toEqual([key, r.inputs]);
    // provider + AdminRoles (2 custom roles, 2 resource sets) + reporting (7) + moveworks (12)
    expect(a.size).toBe(1 + 1 + 4 + 7 + 12);
  });

  it("passes the explicit provider to every Okta resource", async () => {
    const { resources } = await run("dev", configA);
    const provider = resources.find((r) => r.type === "pulumi:providers:okta")!;
    const okta = resources.filter((r) => r.type.startsWith("okta:"));
    expect(okta.length).toBeGreaterThan(0);
    for (const r of okta) expect(r.provider).toMatch(/::pulumi:providers:okta::okta::/);
    expect(provider.inputs).toMatchObject({ maxApiCapacity: "80", requestTimeout: "180" });
  });

  it("protects the apps in prod only", async () => {
    const protectedIn = async (env: string) =>
      (await run(env, configA)).resources
        .filter((r) => r.protect)
        .map((r) => r.name)
        .sort();
    expect(await protectedIn("prod")).toEqual(["moveworks", "reporting"]);
    expect(await protectedIn("dev")).toEqual([]);
  });

  it("exports serviceApps as a plain object of Outputs, private keys secret per leaf", async () => {
    const { result } = await run("dev", configA);
    const apps = result["serviceApps"] as Record<string, Record<string, pulumi.Output<unknown>>>;
    expect(pulumi.Output.isInstance(apps)).toBe(false);
    expect(Object.keys(apps).sort()).toEqual(["moveworks", "reporting"]);
    const mw = apps["moveworks"]!;
    expect(Object.values(mw).every((v) => pulumi.Output.isInstance(v))).toBe(true);
    expect([await isSecret(mw["privateKeyPem"]!), await isSecret(mw["clientId"]!)]).toEqual([
      true,
      false,
    ]);
  });
});
