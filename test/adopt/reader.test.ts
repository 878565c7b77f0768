// The read-only client against a loopback org: Okta's two paging styles, a 429 waited out until
// x-rate-limit-reset (frozen clock, recorded sleeps), a 403 that names the missing read scope,
// a refused token, an unreachable org, and the calls counted per rate-limit bucket.

import { afterEach, describe, expect, it } from "vitest";
import { AdoptReadError, createReader } from "../../cli/adopt/reader";
import { freePort } from "./support/freePort";
import { startLoopbackOrg, type LoopbackOrg } from "./support/loopbackOrg";
import { messyOrg, oktaId, seededOrg, type RawOrg } from "./support/orgs";

const TOKEN = "00ssws-loopback-token-for-tests";
let org: LoopbackOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function reader(raw: RawOrg, extra: Partial<Parameters<typeof createReader>[0]> = {}) {
  org = await startLoopbackOrg(raw, TOKEN);
  return createReader({
    baseUrl: org.url,
    credentials: { kind: "apiToken", token: TOKEN },
    ...extra,
  });
}

describe("paging", () => {
  it("follows Link rel=next across 1,500 apps, asking the proxy for Okta's next URL", async () => {
    const r = await reader(messyOrg(1500));
    const apps = (await r.list("listApplications", {}, { limit: "200" }))!;
    expect(apps).toHaveLength(1505);
    expect(new Set(apps.map((a) => (a as { id: string }).id)).size).toBe(1505);
    expect(org!.requests).toHaveLength(8);
    expect(org!.requests[1]).toMatch(/^GET \/api\/v1\/apps\?after=0oa\w+&limit=200$/);
    expect(r.stats().byBucket["/api/v1/apps"]).toEqual({ calls: 8, perMinute: 100 });
  });

  it("follows _links.next in the IAM APIs' bodies", async () => {
    const raw = seededOrg();
    for (let i = 1; i <= 5; i++)
      raw.customRoles.push({
        role: { id: oktaId("cr0", i), label: `role ${i}`, description: "" },
        permissions: [{ label: "okta.users.read" }],
      });
    const r = await reader(raw);
    const roles = (await r.list("listRoles"))!;
    expect(roles.map((x) => (x as { label: string }).label)).toEqual([
      "role 1",
      "role 2",
      "role 3",
      "role 4",
      "role 5",
    ]);
    expect(org!.requests.filter((q) => q.startsWith("GET /api/v1/iam/roles"))).toHaveLength(3);
  });

  it("answers undefined for a 404 (a deleted app's grants)", async () => {
    const r = await reader(seededOrg());
    expect(await r.list("listScopeConsentGrants", { appId: oktaId("0oa", 999) })).toBeUndefined();
  });
});

describe("rate limits", () => {
  it("waits until x-rate-limit-reset after a 429 mid-scan, then carries on", async () => {
    let clock = 1_800_000_000_000;
    const sleeps: number[] = [];
    const r = await reader(messyOrg(500), {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    org!.rateLimit("/api/v1/apps", 1, clock / 1000 + 37);
    const apps = (await r.list("listApplications", {}, { limit: "200" }))!;
    expect(apps).toHaveLength(505);
    expect(sleeps).toEqual([37_250]);
    expect(r.stats()).toMatchObject({ waits: 1, waitedMs: 37_250 });
    // The 429 counts against the bucket too: Okta counted it.
    expect(r.stats().byBucket["/api/v1/apps"]!.calls).toBe(4);
  });

  it("gives up after the allowed number of 429s, naming the bucket", async () => {
    const r = await reader(seededOrg(), { maxRateLimitWaits: 2, sleep: async () => undefined });
    org!.rateLimit("/api/v1/apps", 5, 1);
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(
      /^GET \/api\/v1\/apps: HTTP 429 E0000047: API call exceeded rate limit due to too many requests\./,
    );
    expect(org!.requests).toHaveLength(3);
  });
});

describe("errors that name their fix", () => {
  it("a 403 names the read scope the operation needs", async () => {
    const r = await reader(seededOrg());
    org!.forbidden.add("listScopeConsentGrants");
    const error = await r
      .list("listScopeConsentGrants", { appId: oktaId("0oamw", 1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdoptReadError);
    expect((error as AdoptReadError).code).toBe("FORBIDDEN");
    expect((error as AdoptReadError).message).toContain(
      "HTTP 403 E0000006: You do not have permission to perform the requested action (errorId sampleNUSD_8fdkFd8fs8SDBK). " +
        "This read (listScopeConsentGrants) needs okta.appGrants.read",
    );
  });

  it("a wrong API token is refused without echoing it", async () => {
    org = await startLoopbackOrg(seededOrg(), TOKEN);
    const r = createReader({
      baseUrl: org.url,
      credentials: { kind: "apiToken", token: "wrong-token-value-1234" },
    });
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("E0000011: Invalid token provided");
    expect(error.message).toContain("check that OKTA_API_TOKEN is a live token of this org");
    expect(error.message).not.toContain("wrong-token-value-1234");
  });

  it("an unreachable org says where it looked", async () => {
    const port = await freePort();
    const r = createReader({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials: { kind: "apiToken", token: TOKEN },
    });
    const error = (await r.list("listApplications").catch((e: unknown) => e)) as AdoptReadError;
    expect(error.code).toBe("UNREACHABLE");
    expect(error.message).toBe(
      `cannot reach http://127.0.0.1:${port} (ECONNREFUSED): check oktaplane:okta.orgName and baseUrl in the stack, OKTA_HTTP_PROXY, and the network`,
    );
  });
});
