// The Apps API client behind the DPoP setting, against a local fake Okta on 127.0.0.1: the
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
import { serviceAppObject, startFakeOkta, type FakeOkta } from "./fakeOkta";

const APP = "0oa1gjh63g214q0Hq0g4";
const TOKEN = "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd";
const THROTTLE: Throttle = {
  maxRetries: 3,
  minWaitSeconds: 30,
  maxWaitSeconds: 120,
  requestTimeout: 10,
};

let okta: FakeOkta | undefined;
afterEach(async () => {
  await okta?.close();
  okta = undefined;
});

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
const ssws: Credentials = { kind: "apiToken", token: TOKEN };
const apiRequests = () => okta!.requests.filter((r) => r.path.startsWith("/api/"));

describe("setAppDpop with an API token", () => {
  it("reads the app, then PUTs it back whole with only the flag changed", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, true) } });
    expect(await setAppDpop(client(ssws), APP, false)).toEqual({
      changed: true,
      requireDpop: false,
    });

    expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/apps/${APP}`,
      `PUT /api/v1/apps/${APP}`,
    ]);
    expect(apiRequests()[0]!.headers["authorization"]).toBe(`SSWS ${TOKEN}`);
    const { _links, ...expected } = serviceAppObject(APP, false);
    void _links;
    expect(JSON.parse(apiRequests()[1]!.body)).toEqual(expected);
  });

  it("sends no PUT when the app already has the wanted value", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, true) } });
    expect(await setAppDpop(client(ssws), APP, true)).toEqual({
      changed: false,
      requireDpop: true,
    });
    expect(apiRequests().map((r) => r.method)).toEqual(["GET"]);
  });

  it("404 E0000007: getApp answers undefined, setAppDpop fails with NOT_FOUND", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN });
    expect(await getApp(client(ssws), APP)).toBeUndefined();
    await expect(setAppDpop(client(ssws), APP, true)).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
    });
  });

  it("401 E0000011: UNAUTHORIZED with Okta's code and errorId, and no token in the message", async () => {
    okta = await startFakeOkta({
      apiToken: "another-token",
      apps: { [APP]: serviceAppObject(APP, true) },
    });
    const error = await getApp(client(ssws), APP).catch((e: unknown) => e);
    expect(isOktaApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", status: 401, oktaError: "E0000011" });
    expect((error as Error).message).toBe(
      `GET /api/v1/apps/${APP}: HTTP 401 E0000011: Invalid token provided (errorId sampleQPivGUj_ND5v78vbYWW)`,
    );
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe("429 E0000047", () => {
  it("waits until x-rate-limit-reset (within the provider's bounds), then retries", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, false) } });
    const now = 1_767_000_000_000;
    okta.rateLimit(2, now / 1000 + 45);
    const waits: number[] = [];
    const c = client(ssws, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    expect(await getApp(c, APP)).toMatchObject({ id: APP });
    // 45 s to the reset plus a second of slack, twice; then the GET succeeds.
    expect(waits).toEqual([46_000, 46_000]);
    expect(apiRequests()).toHaveLength(3);
  });

  it("never waits less than minWaitSeconds nor more than maxWaitSeconds", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, false) } });
    const now = 1_767_000_000_000;
    const waits: number[] = [];
    const c = client(ssws, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    okta.rateLimit(1, now / 1000 - 5);
    await getApp(c, APP);
    okta.rateLimit(1, now / 1000 + 3600);
    await getApp(c, APP);
    expect(waits).toEqual([30_000, 120_000]);
  });

  it("gives up with RATE_LIMITED after maxRetries", async () => {
    okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, false) } });
    okta.rateLimit(10, 0);
    const c = client(ssws, { sleep: async () => {} });
    await expect(getApp(c, APP)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      oktaError: "E0000047",
    });
    expect(apiRequests()).toHaveLength(THROTTLE.maxRetries + 1);
  });
});

describe("OAuth for Okta (the provider's own service app, private_key_jwt)", () => {
  const deployer = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = deployer.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const credentials = {
    kind: "privateKey",
    clientId: "0oadeployer000000001",
    privateKeyPem: pem,
    keyId: "deployer-key",
    granted: ["okta.apps.read", "okta.apps.manage", "okta.roles.manage"],
  } as const;

  it("gets one Bearer token with a signed client assertion and reuses it", async () => {
    okta = await startFakeOkta({
      client: { clientId: credentials.clientId, publicKey: deployer.publicKey, dpop: false },
      apps: { [APP]: serviceAppObject(APP, true) },
    });
    const c = client(credentials);
    await setAppDpop(c, APP, false);
    expect(okta.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /oauth2/v1/token",
      `GET /api/v1/apps/${APP}`,
      `PUT /api/v1/apps/${APP}`,
    ]);
    const form = new URLSearchParams(okta.requests[0]!.body);
    // The scopes the client was made for, not everything the deploying app is granted.
    expect(form.get("scope")).toBe("okta.apps.read okta.apps.manage");
    expect(form.get("client_assertion_type")).toBe(
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
    expect(apiRequests()[0]!.headers["authorization"]).toBe("Bearer at-1");
  });

  it("adds DPoP proofs when the deploying app requires them, with the server's nonce", async () => {
    okta = await startFakeOkta({
      client: { clientId: credentials.clientId, publicKey: deployer.publicKey, dpop: true },
      apps: { [APP]: serviceAppObject(APP, false) },
    });
    await setAppDpop(client(credentials), APP, true);
    // invalid_dpop_proof (none sent) → use_dpop_nonce → token; then DPoP-bound API calls.
    expect(
      okta.requests.map((r) => `${r.method} ${r.path} ${r.headers["dpop"] ? "dpop" : "-"}`),
    ).toEqual([
      "POST /oauth2/v1/token -",
      "POST /oauth2/v1/token dpop",
      "POST /oauth2/v1/token dpop",
      `GET /api/v1/apps/${APP} dpop`,
      `PUT /api/v1/apps/${APP} dpop`,
    ]);
    expect(apiRequests()[0]!.headers["authorization"]).toBe("DPoP at-1");
    expect(okta.apps.get(APP)).toMatchObject({
      settings: { oauthClient: { dpop_bound_access_tokens: true } },
    });
  });

  it("reports a refused client assertion as TOKEN_REQUEST_FAILED with the OAuth error", async () => {
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
    okta = await startFakeOkta({
      client: { clientId: credentials.clientId, publicKey: other.publicKey, dpop: false },
      apps: { [APP]: serviceAppObject(APP, false) },
    });
    await expect(getApp(client(credentials), APP)).rejects.toMatchObject({
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
    expect(() => checkGranted(ssws, APP_SCOPES.write, "write")).not.toThrow();
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
