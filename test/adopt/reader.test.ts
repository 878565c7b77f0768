// The read-only client against the Okta simulator: Okta's two paging styles, a 429 waited out
// until x-rate-limit-reset (the simulator's clock, advanced by the reader's sleeps), a 403 that
// names the missing read scope, a refused token, an unreachable org, a service app with DPoP,
// and the calls counted per rate-limit bucket.

import { afterEach, describe, expect, it } from "vitest";
import { credentialsFromEnv } from "../../components/oktaApi/credentials";
import { readScopes } from "../../cli/adopt/readOperations";
import { AdoptReadError, createReader, type ReaderOptions } from "../../cli/adopt/reader";
import type { OktaSim } from "../../sim/okta";
import { simClock } from "../../sim/shared/clock";
import { freePort } from "./support/freePort";
import { messyOrg, oktaId, seededOrg, type RawOrg } from "./support/orgs";
import { READER_APP, readerApp, seededSim } from "./support/sim";

let sim: OktaSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function reader(raw: RawOrg, extra: Partial<ReaderOptions> = {}) {
  const clock = simClock({ start: 1_800_000_000_000 });
  const started = await seededSim(raw, { clock });
  sim = started.sim;
  const r = createReader({
    baseUrl: sim.url,
    credentials: { kind: "apiToken", token: started.token },
    now: () => clock.now(),
    sleep: async (ms) => clock.advance(ms),
    ...extra,
  });
  return { r, clock, token: started.token };
}

const calls = (operation: string) => sim!.recorder.calls.filter((c) => c.operation === operation);

describe("paging", () => {
  it("follows Link rel=next across 1,500 apps", async () => {
    const { r } = await reader(messyOrg(1500));
    const apps = (await r.list("listApplications", {}, { limit: "200" }))!;
    expect(apps).toHaveLength(1505);
    expect(new Set(apps.map((a) => (a as { id: string }).id)).size).toBe(1505);
    expect(calls("listApplications")).toHaveLength(8);
    expect(r.stats().byBucket["/api/v1/apps"]).toMatchObject({ calls: 8, perMinute: 100 });
  });

  it("follows _links.next in the IAM APIs' bodies", async () => {
    const raw = seededOrg();
    for (let i = 1; i <= 45; i++)
      raw.customRoles.push({
        role: { id: oktaId("cr0", i), label: `role ${i}`, description: "d" },
        permissions: [{ label: "okta.users.read" }],
      });
    const { r } = await reader(raw);
    const roles = (await r.list("listRoles"))!;
    expect(roles).toHaveLength(45);
    expect(calls("listRoles")).toHaveLength(3);
  });

  it("answers undefined for a 404 (a deleted app's grants)", async () => {
    const { r } = await reader(seededOrg());
    expect(await r.list("listScopeConsentGrants", { appId: oktaId("0oa", 999) })).toBeUndefined();
  });
});

describe("rate limits", () => {
  it("waits until x-rate-limit-reset after a 429 mid-scan, then carries on", async () => {
    const sleeps: number[] = [];
    const { r, clock } = await reader(messyOrg(500), {
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    sim!.faults.add("listApplications:429x1");
    const apps = (await r.list("listApplications", {}, { limit: "200" }))!;
    expect(apps).toHaveLength(505);
    expect(sleeps).toHaveLength(1);
    // Until the reset Okta named: the end of the bucket's minute (whole seconds), plus 250 ms.
    expect(sleeps[0]!).toBeGreaterThan(250);
    expect(sleeps[0]!).toBeLessThanOrEqual(61_250);
    expect(r.stats()).toMatchObject({ waits: 1 });
    expect(calls("listApplications").map((c) => c.status)).toEqual([429, 200, 200, 200]);
  });

  it("paces itself when the org says a bucket is empty, instead of drawing a 429", async () => {
    const clock = simClock({ start: 1_800_000_000_000 });
    const started = await seededSim(messyOrg(900), {
      clock,
      rateLimits: { buckets: { "api/v1/apps": 3 } },
    });
    sim = started.sim;
    const sleeps: number[] = [];
    const paced = createReader({
      baseUrl: sim.url,
      credentials: { kind: "apiToken", token: started.token },
      now: () => clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    expect(await paced.list("listApplications", {}, { limit: "200" })).toHaveLength(905);
    expect(calls("listApplications").map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sleeps).toHaveLength(1);
    expect(paced.stats().byBucket["/api/v1/apps"]).toMatchObject({ calls: 5, orgLimit: 3 });
  });

  it("gives up after the allowed number of 429s", async () => {
    const { r } = await reader(seededOrg(), { maxRateLimitWaits: 2 });
    sim!.faults.add("listApplications:429x5");
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/^GET \/api\/v1\/apps: HTTP 429 E0000047: /);
    expect(calls("listApplications")).toHaveLength(3);
  });
});

describe("credentials", () => {
  it("a service app with DPoP: asks only for read scopes and proves possession on every call", async () => {
    const started = await seededSim(seededOrg());
    sim = started.sim;
    const env = await readerApp(sim, { dpop: true });
    const r = createReader({
      baseUrl: sim.url,
      credentials: credentialsFromEnv(env),
      scopes: readScopes("oie"),
    });
    expect(await r.list("listApplications")).toHaveLength(4);
    expect(await r.list("listApiTokens")).toHaveLength(3);
    const token = calls("token");
    expect(token.map((c) => [c.status, c.errorCode ?? null])).toEqual([
      [400, "invalid_dpop_proof"],
      [400, "use_dpop_nonce"],
      [200, null],
    ]);
    expect(calls("listApplications")[0]).toMatchObject({
      caller: READER_APP,
      scope: "okta.apps.read",
      status: 200,
    });
  });

  it("a service app not granted a read scope is refused its token, and the scopes are named", async () => {
    const started = await seededSim(seededOrg());
    sim = started.sim;
    const env = await readerApp(sim, { dpop: false, scopes: ["okta.apps.read"] });
    const r = createReader({
      baseUrl: sim.url,
      credentials: credentialsFromEnv(env),
      scopes: readScopes("oie"),
    });
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("TOKEN_REFUSED");
    expect(error.message).toContain(
      `Okta refused a token to service app ${READER_APP} (invalid_scope`,
    );
    expect(error.message).toContain(
      `adopt asks for ${readScopes("oie").join(", ")}: grant each to the app`,
    );
  });

  it("a 403 names the read scope the operation needs", async () => {
    const started = await seededSim(seededOrg());
    sim = started.sim;
    const token = sim.issueToken({
      scopes: readScopes("oie").filter((s) => s !== "okta.roles.read"),
      roles: ["READ_ONLY_ADMIN"],
    });
    const r = createReader({ baseUrl: sim.url, credentials: { kind: "accessToken", token } });
    const error = (await r.list("listRoles").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/^GET \/api\/v1\/iam\/roles: HTTP 403 E0000006: /);
    expect(error.message).toContain("This read (listRoles) needs okta.roles.read");
  });

  it("a wrong API token is refused without echoing it", async () => {
    await reader(seededOrg());
    const r = createReader({
      baseUrl: sim!.url,
      credentials: { kind: "apiToken", token: "wrong-token-value-1234" },
    });
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("E0000011");
    expect(error.message).toContain("check that OKTA_API_TOKEN is a live token of this org");
    expect(error.message).not.toContain("wrong-token-value-1234");
  });

  it("an unreachable org says where it looked", async () => {
    const port = await freePort();
    const r = createReader({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials: { kind: "apiToken", token: "t" },
    });
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("UNREACHABLE");
    expect(error.message).toBe(
      `cannot reach http://127.0.0.1:${port} (ECONNREFUSED): check oktaplane:okta.orgName and baseUrl in the stack, OKTA_HTTP_PROXY, and the network`,
    );
  });
});
