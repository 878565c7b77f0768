// The Apps API client behind the DPoP setting, against the Okta simulator on 127.0.0.1: the
// three ways to authenticate, the read-modify-write of the app, and Okta's 401/404/429 answers.

import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { APP_SCOPES, setAppDpop, getApp } from "../../components/oktaApi/apps";
import { checkOrgUrl, createOktaClient, type Throttle } from "../../components/oktaApi/client";
import {
  checkGranted,
  credentialsFromEnv,
  type Credentials,
} from "../../components/oktaApi/credentials";
import { isOktaApiError, oktaApiError } from "../../components/oktaApi/errors";
import { simClock } from "../../sim/shared/clock";
import { APP, DEPLOYER, startDpopOrg, type DpopOrg } from "./support/dpopOrg";

const THROTTLE: Throttle = {
  maxRetries: 3,
  minWaitSeconds: 30,
  maxWaitSeconds: 120,
  requestTimeout: 10,
};

let okta: DpopOrg | undefined;
afterEach(async () => {
  await okta?.close();
  okta = undefined;
});

async function start(options: Parameters<typeof startDpopOrg>[0]) {
  okta = await startDpopOrg(options);
  okta.forget();
  return okta;
}
function client(
  credentials: Credentials,
  extra: Partial<Parameters<typeof createOktaClient>[0]> = {},
) {
  return createOktaClient({
    orgUrl: okta!.url,
    credentials,
    scopes: ["okta.apps.read", "okta.apps.manage"],
    throttle: THROTTLE,
    ...extra,
  });
}
const ssws = (): Credentials => ({ kind: "apiToken", token: okta!.ssws });
const apiRequests = () => okta!.requests.filter((r) => r.path.startsWith("/api/"));
/** JSON without its null-valued properties (a stringify replacer that returns undefined drops one). */
const nullsDropped = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === null ? undefined : v))) as unknown;

describe("setAppDpop with an API token", () => {
  it("reads the app, then PUTs it back whole with only the flag changed", async () => {
    await start({ dpop: true });
    const { _links, ...before } = (await getApp(client(ssws()), APP))!;
    void _links;
    okta!.forget();
    expect(await setAppDpop(client(ssws()), APP, false)).toEqual({
      changed: true,
      requireDpop: false,
    });

    expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/apps/${APP}`,
      `PUT /api/v1/apps/${APP}`,
    ]);
    expect(apiRequests()[0]!.headers["authorization"]).toBe(`SSWS ${okta!.ssws}`);
    // Everything as read, the flag flipped; fields Okta answers null are sent absent.
    const expected = nullsDropped(before) as { settings: { oauthClient: object } };
    expected.settings.oauthClient = {
      ...expected.settings.oauthClient,
      dpop_bound_access_tokens: false,
    };
    expect(JSON.parse(apiRequests()[1]!.body)).toEqual(expected);
    expect(okta!.flag()).toBe(false);
  });

  it("sends no PUT when the app already has the wanted value", async () => {
    await start({ dpop: true });
    expect(await setAppDpop(client(ssws()), APP, true)).toEqual({
      changed: false,
      requireDpop: true,
    });
    expect(apiRequests().map((r) => r.method)).toEqual(["GET"]);
  });

  it("404 E0000007: getApp answers undefined, setAppDpop fails with NOT_FOUND", async () => {
    await start({});
    expect(await getApp(client(ssws()), APP)).toBeUndefined();
    await expect(setAppDpop(client(ssws()), APP, true)).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
    });
  });

  it("401 E0000011: UNAUTHORIZED with Okta's code and errorId, and no token in the message", async () => {
    await start({ dpop: true });
    const token = "00NotAnIssuedToken0000000000000000000000000";
    const error = await getApp(client({ kind: "apiToken", token }), APP).catch((e: unknown) => e);
    expect(isOktaApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", status: 401, oktaError: "E0000011" });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^GET /api/v1/apps/${APP}: HTTP 401 E0000011: Invalid token provided \\(errorId \\S+\\)$`,
      ),
    );
    expect((error as Error).message).not.toContain(token);
  });
});

describe("429 E0000047", () => {
  // Okta's bucket resets at the end of its minute (x-rate-limit-reset, epoch seconds). The
  // simulator's clock stands (almost) still half-way through the minute that starts at T, so the
  // reset it answers is T + 60 s however long the test takes.
  const T = 1_767_000_000_000;
  const clock = () => simClock({ start: T + 30_000, scale: 1e-9 });

  it("waits until x-rate-limit-reset (within the provider's bounds), then retries", async () => {
    await start({ dpop: false, clock: clock() });
    okta!.sim.faults.add("getApplication:429x2");
    const waits: number[] = [];
    const c = client(ssws(), { now: () => T, sleep: async (ms) => void waits.push(ms) });
    expect(await getApp(c, APP)).toMatchObject({ id: APP });
    // 60 s from the client's now (T) to the reset, plus a second of slack, twice.
    expect(waits).toEqual([61_000, 61_000]);
    expect(apiRequests()).toHaveLength(3);
  });

  it("never waits less than minWaitSeconds nor more than maxWaitSeconds", async () => {
    await start({ dpop: false, clock: clock() });
    const waits: number[] = [];
    okta!.sim.faults.add("getApplication:429x1");
    await getApp(
      client(ssws(), { now: () => T + 3_600_000, sleep: async (ms) => void waits.push(ms) }),
      APP,
    );
    okta!.sim.faults.add("getApplication:429x1");
    await getApp(
      client(ssws(), { now: () => T - 3_600_000, sleep: async (ms) => void waits.push(ms) }),
      APP,
    );
    expect(waits).toEqual([30_000, 120_000]);
  });

  it("gives up with RATE_LIMITED after maxRetries", async () => {
    await start({ dpop: false });
    okta!.sim.faults.add("getApplication:429x10");
    const c = client(ssws(), { sleep: async () => {} });
    await expect(getApp(c, APP)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      oktaError: "E0000047",
    });
    expect(apiRequests()).toHaveLength(THROTTLE.maxRetries + 1);
  });
});

describe("OAuth for Okta (the provider's own service app, private_key_jwt)", () => {
  const GRANTED = ["okta.apps.read", "okta.apps.manage", "okta.roles.manage"];
  const credentials = (): Credentials => ({
    kind: "privateKey",
    clientId: DEPLOYER,
    privateKeyPem: okta!.deployerKey.privateKeyPem,
    keyId: okta!.deployerKey.kid,
    granted: GRANTED,
  });

  it("gets one Bearer token with a signed client assertion and reuses it", async () => {
    await start({ dpop: true, deployer: { scopes: GRANTED, dpop: false } });
    await setAppDpop(client(credentials()), APP, false);
    expect(okta!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /oauth2/v1/token",
      `GET /api/v1/apps/${APP}`,
      `PUT /api/v1/apps/${APP}`,
    ]);
    const form = new URLSearchParams(okta!.requests[0]!.body);
    // The scopes the client was made for, not everything the deploying app is granted.
    expect(form.get("scope")).toBe("okta.apps.read okta.apps.manage");
    expect(form.get("client_assertion_type")).toBe(
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
    const auth = apiRequests().map((r) => r.headers["authorization"]);
    expect(auth[0]).toMatch(/^Bearer \S+$/);
    expect(auth[1]).toBe(auth[0]);
    expect(okta!.flag()).toBe(false);
  });

  it("reuses a token that lives 60 s instead of fetching one per call", async () => {
    await start({ dpop: true, deployer: { scopes: GRANTED, dpop: false } });
    // The simulator is Okta's org authorization server, whose access tokens live 60 minutes,
    // hard-coded, and custom ones' at least 5 minutes (Okta support, "Lifetime of the Okta Minted
    // JSON Web Tokens (JWT)"), so the simulator keeps its hour. Another server or a proxy may
    // answer less (expires_in is the server's to choose, RFC 6749 section 5.1): the simulator's
    // real token answer is passed on with expires_in rewritten to 60 s.
    const shortLived: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith("/oauth2/v1/token") || !response.ok) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, expires_in: 60 }, { headers: response.headers });
    };
    let clock = Date.now();
    const api = client(credentials(), { fetch: shortLived, now: () => clock });
    await getApp(api, APP);
    clock += 29_000;
    await getApp(api, APP);
    const tokenCalls = () => okta!.requests.filter((r) => r.path === "/oauth2/v1/token").length;
    expect(tokenCalls()).toBe(1);
    // Past half its life it is renewed, still before it expires.
    clock += 2_000;
    await getApp(api, APP);
    expect(tokenCalls()).toBe(2);
  });

  it("adds DPoP proofs when the deploying app requires them, with the server's nonce", async () => {
    await start({ dpop: false, deployer: { scopes: GRANTED, dpop: true } });
    await setAppDpop(client(credentials()), APP, true);
    // invalid_dpop_proof (none sent) → use_dpop_nonce → token; then DPoP-bound API calls.
    expect(
      okta!.requests.map((r) => `${r.method} ${r.path} ${r.headers["dpop"] ? "dpop" : "-"}`),
    ).toEqual([
      "POST /oauth2/v1/token -",
      "POST /oauth2/v1/token dpop",
      "POST /oauth2/v1/token dpop",
      `GET /api/v1/apps/${APP} dpop`,
      `PUT /api/v1/apps/${APP} dpop`,
    ]);
    expect(apiRequests()[0]!.headers["authorization"]).toMatch(/^DPoP \S+$/);
    expect(okta!.flag()).toBe(true);
  });

  it("reports a refused client assertion as TOKEN_REQUEST_FAILED with the OAuth error", async () => {
    await start({ dpop: false, deployer: { scopes: GRANTED } });
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const wrongKey: Credentials = {
      ...(credentials() as Extract<Credentials, { kind: "privateKey" }>),
      privateKeyPem: other.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
    await expect(getApp(client(wrongKey), APP)).rejects.toMatchObject({
      code: "TOKEN_REQUEST_FAILED",
      oktaError: "invalid_client",
    });
  });
});

describe("credentialsFromEnv", () => {
  it("prefers OKTA_ACCESS_TOKEN, then OKTA_API_TOKEN (with or without SSWS)", () => {
    expect(credentialsFromEnv({ OKTA_ACCESS_TOKEN: "at", OKTA_API_TOKEN: "t" })).toEqual({
      kind: "accessToken",
      token: "at",
    });
    expect(credentialsFromEnv({ OKTA_API_TOKEN: "SSWS t" })).toEqual({
      kind: "apiToken",
      token: "t",
    });
  });

  it("uses the provider's private key variables, keeping OKTA_API_SCOPES as what is granted", () => {
    expect(
      credentialsFromEnv({
        OKTA_API_CLIENT_ID: "0oa1",
        OKTA_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----",
        OKTA_API_PRIVATE_KEY_ID: "kid1",
        OKTA_API_SCOPES: "okta.apps.manage,okta.appGrants.manage okta.roles.manage",
      }),
    ).toMatchObject({
      kind: "privateKey",
      clientId: "0oa1",
      keyId: "kid1",
      granted: ["okta.apps.manage", "okta.appGrants.manage", "okta.roles.manage"],
    });
  });

  it.each([
    [
      {},
      "no Okta credential in the environment: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID + OKTA_API_PRIVATE_KEY + OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES (as for the Okta provider)",
    ],
    [
      {
        OKTA_API_CLIENT_ID: "0oa1",
        OKTA_API_PRIVATE_KEY: "/nonexistent/key.pem",
        OKTA_API_SCOPES: "okta.apps.manage",
      },
      "OKTA_API_PRIVATE_KEY is neither a PEM nor a readable file path",
    ],
  ])("refuses %j", (env, message) => {
    expect(() => credentialsFromEnv(env)).toThrow(oktaApiError("NO_CREDENTIALS", message));
  });
});

describe("checkGranted", () => {
  const oauth = (granted: string[]): Credentials => ({
    kind: "privateKey",
    clientId: "0oa1",
    privateKeyPem: "",
    granted,
  });

  it("refuses before any request a scope OKTA_API_SCOPES lacks, naming it and the operation", () => {
    expect(() =>
      checkGranted(oauth(["okta.apps.read"]), APP_SCOPES.write, "write app 0oa1"),
    ).toThrow(
      oktaApiError(
        "MISSING_SCOPE",
        "OKTA_API_SCOPES must include okta.apps.manage to write app 0oa1 (PUT /api/v1/apps/{appId}); got okta.apps.read",
      ),
    );
  });

  it("lets reads through with okta.apps.read alone, and never checks SSWS or access tokens", () => {
    expect(() => checkGranted(oauth(["okta.apps.read"]), APP_SCOPES.read, "read")).not.toThrow();
    const sswsToken: Credentials = { kind: "apiToken", token: "00t" };
    expect(() => checkGranted(sswsToken, APP_SCOPES.write, "write")).not.toThrow();
    expect(() =>
      checkGranted({ kind: "accessToken", token: "t" }, APP_SCOPES.write, "write"),
    ).not.toThrow();
  });
});

describe("checkOrgUrl", () => {
  it.each([
    ["https://acme.okta.com", "https://acme.okta.com"],
    ["https://acme.okta.com/", "https://acme.okta.com"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
  ])("accepts %s", (url, origin) => expect(checkOrgUrl(url)).toBe(origin));

  it.each(["http://acme.okta.com", "https://acme.okta.com/oauth2", "acme"])("refuses %s", (url) => {
    expect(() => checkOrgUrl(url)).toThrow(expect.objectContaining({ code: "BAD_ORG_URL" }));
  });
});
