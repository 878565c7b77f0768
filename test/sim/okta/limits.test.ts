// Rate limits per bucket and client with Okta's headers, 429 E0000047 once a bucket is empty and
// again after its minute; the concurrency limit; injected faults (429, 5xx, timeout, dropped
// connection), all on a simulated clock so nothing waits a real minute.
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { simClock } from "../../../sim/shared/clock";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { bucketOf } from "../../../sim/okta/rateLimits";
import { call } from "./support";

let sim: OktaSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("rate-limit buckets", () => {
  it("map operations to rl-global-mgmt's buckets", () => {
    expect(bucketOf({ path: "/api/v1/apps" })).toBe("api/v1/apps");
    expect(bucketOf({ path: "/api/v1/apps/{appId}/grants" })).toBe("api/v1/apps");
    expect(bucketOf({ path: "/api/v1/apps/{appId}" })).toBe("api/v1/apps/{id}");
    // "all other endpoints of the form /api/v1/apps/* including /api/v1/apps/{id}/*": 100/min.
    expect(bucketOf({ path: "/api/v1/apps/{appId}/credentials/jwks" })).toBe("api/v1/apps");
    expect(bucketOf({ path: "/api/v1/apps/{appId}/lifecycle/deactivate" })).toBe("api/v1/apps");
    expect(bucketOf({ path: "/api/v1/apps/{appId}/policies/{policyId}" })).toBe("api/v1/apps");
    expect(bucketOf({ path: "/oauth2/v1/clients/{clientId}/roles" })).toBe("oauth2/v1/clients");
    expect(bucketOf({ path: "/api/v1/eventHooks" })).toBe("api/v1/other");
  });

  it("count per client, send x-rate-limit-* on every answer, and refuse with 429 E0000047 once empty", async () => {
    const clock = simClock({ start: Date.UTC(2026, 0, 1) });
    sim = await startOktaSim({ clock, rateLimits: { buckets: { "api/v1/apps": 3 } } });
    const a = sim.issueToken({
      clientId: "client-a",
      scopes: ["okta.apps.read"],
      roles: ["SUPER_ADMIN"],
    });
    const b = sim.issueToken({
      clientId: "client-b",
      scopes: ["okta.apps.read"],
      roles: ["SUPER_ADMIN"],
    });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(sim, "GET", "/api/v1/apps", { token: a });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-rate-limit-limit")).toBe("3");
      remaining.push(answer.headers.get("x-rate-limit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call(sim, "GET", "/api/v1/apps", { token: a });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({
      errorCode: "E0000047",
      errorSummary: "API call exceeded rate limit due to too many requests.",
    });
    const reset = Number(limited.headers.get("x-rate-limit-reset"));
    // Epoch seconds: the end of the current minute, on Okta's clock, which its Date header tells
    // clients (rl-best-practices: wait until the reset measured against that clock).
    expect(reset).toBe(Date.UTC(2026, 0, 1) / 1000 + 60);
    const okta = Date.parse(limited.headers.get("date")!);
    expect(reset * 1000 - okta).toBeGreaterThan(50_000);
    expect(reset * 1000 - okta).toBeLessThanOrEqual(60_000);
    // Another client has its own bucket.
    expect((await call(sim, "GET", "/api/v1/apps", { token: b })).status).toBe(200);
    expect(sim.recorder.calls.at(-2)).toMatchObject({
      status: 429,
      bucket: "api/v1/apps",
      errorCode: "E0000047",
    });
    // The minute passes on the simulated clock; the bucket refills.
    clock.advance(61_000);
    const again = await call(sim, "GET", "/api/v1/apps", { token: a });
    expect(again.status).toBe(200);
    expect(again.headers.get("x-rate-limit-remaining")).toBe("2");
  });

  it("give a console-created client its share of each bucket", async () => {
    sim = await startOktaSim({ rateLimits: { share: 0.5 } });
    const t = sim.issueToken({ scopes: ["okta.apps.read"] });
    const answer = await call(sim, "GET", "/api/v1/apps", { token: t });
    expect(answer.headers.get("x-rate-limit-limit")).toBe("50");
  });

  it("refuse requests over the concurrency limit with 429", async () => {
    sim = await startOktaSim({ rateLimits: { concurrency: 1 } });
    sim.faults.add("getApplication:slow3000x1");
    const t = sim.issueToken({ scopes: ["okta.apps.read"] });
    const slow = call(sim, "GET", "/api/v1/apps/0oamissing", { token: t });
    // The slow call holds the only slot once it arrives; ask until a second call is refused.
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      status = (await call(sim, "GET", "/api/v1/apps", { token: t })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(429);
    expect(sim.recorder.calls.at(-1)).toMatchObject({
      bucket: "concurrency",
      errorCode: "E0000047",
    });
    expect((await slow).status).toBe(404);
  });
});

describe("faults", () => {
  it("answer a status fault in Okta's shape for the named operation only, for the counted calls", async () => {
    sim = await startOktaSim();
    sim.faults.add("listApplications:429x1");
    sim.faults.add("listEventHooks:503x1");
    const t = sim.issueToken({ scopes: ["okta.apps.read", "okta.eventHooks.read"] });
    const limited = await call(sim, "GET", "/api/v1/apps", { token: t });
    expect([limited.status, limited.json.errorCode]).toEqual([429, "E0000047"]);
    expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
    expect((await call(sim, "GET", "/api/v1/apps", { token: t })).status).toBe(200);
    const down = await call(sim, "GET", "/api/v1/eventHooks", { token: t });
    expect([down.status, down.json.errorCode]).toEqual([503, "E0000010"]);
  });

  it("drop the connection or never answer", async () => {
    sim = await startOktaSim();
    sim.faults.add("listApplications:dropx1");
    sim.faults.add("listEventHooks:timeoutx1");
    const t = sim.issueToken({ scopes: ["okta.apps.read", "okta.eventHooks.read"] });
    await expect(call(sim, "GET", "/api/v1/apps", { token: t })).rejects.toThrow();
    const hung = await new Promise<string>((resolve) => {
      const url = new URL(`${sim!.url}/api/v1/eventHooks`);
      const req = request(url, { headers: { authorization: `Bearer ${t}` }, timeout: 300 }, () =>
        resolve("answered"),
      );
      req.on("timeout", () => {
        req.destroy();
        resolve("timed out");
      });
      req.on("error", () => undefined);
      req.end();
    });
    expect(hung).toBe("timed out");
    expect(sim.recorder.calls.map((c) => [c.operation, c.errorCode])).toEqual([
      ["listApplications", "drop"],
      ["listEventHooks", "timeout"],
    ]);
  });

  it("record a slow call whose client gave up: the request had arrived in full", async () => {
    sim = await startOktaSim();
    sim.faults.add("createApplication:slow400x1");
    const t = sim.issueToken({ scopes: ["okta.apps.manage"] });
    await expect(
      fetch(`${sim.url}/api/v1/apps`, {
        method: "POST",
        headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "oidc_client", label: "late" }),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    for (let i = 0; i < 100 && sim.recorder.total === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sim.recorder.calls.map((c) => c.operation)).toEqual(["createApplication"]);
  });

  it("apply to the token endpoint too", async () => {
    sim = await startOktaSim();
    sim.faults.add("token:500x1");
    const answer = await call(sim, "POST", "/oauth2/v1/token", {
      body: "grant_type=client_credentials",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect([answer.status, answer.json.errorCode]).toEqual([500, "E0000009"]);
  });
});

describe("injected status faults", () => {
  it("answer in Okta's shape for their status: 401 E0000011, 403 E0000006, 404 E0000007, 429 E0000047", async () => {
    sim = await startOktaSim();
    const t = sim.issueToken({ scopes: ["okta.apps.read"] });
    for (const status of [401, 403, 404, 429, 503]) sim.faults.add(`listApplications:${status}x1`);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await call(sim, "GET", "/api/v1/apps", { token: t }));
    expect(answers.map((a) => [a.status, a.json.errorCode])).toEqual([
      [401, "E0000011"],
      [403, "E0000006"],
      [404, "E0000007"],
      [429, "E0000047"],
      [503, "E0000010"],
    ]);
    expect(answers[0]!.headers.get("www-authenticate")).toBe('SSWS realm="okta"');
    expect(answers[3]!.headers.get("x-rate-limit-remaining")).toBe("0");
  });

  it("answer the token endpoint's 401 as the OAuth error invalid_client", async () => {
    sim = await startOktaSim();
    sim.faults.add("token:401x1");
    const answer = await fetch(`${sim.url}/oauth2/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&scope=okta.users.read",
    });
    expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([
      401,
      "invalid_client",
    ]);
  });
});
