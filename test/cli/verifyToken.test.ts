// Token requests from a ServiceAppOutput against the Okta simulator's org authorization server
// (sim/okta/tokenEndpoint.ts), which answers with Okta's catalogued errors. Not proven here: that a
// live Okta org accepts these requests.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAppOutput } from "../../components/outputs";
import {
  CLIENT_ASSERTION_TYPE,
  requestClientCredentialsToken,
  type TokenFailure,
  type TokenGrant,
} from "../../cli/lib/tokenRequest";
import { startTestOrg, type TestOrg } from "./support/oktaOrg";
import { generateRs256Key, serviceAppOutput, type GeneratedKey } from "./support/serviceAppKeys";
import { capturingFetch } from "./support/capture";

const SCOPES = "okta.apps.read okta.users.read";

let key: GeneratedKey;
let otherKey: GeneratedKey;
let server: TestOrg;

beforeAll(async () => {
  [key, otherKey] = await Promise.all([generateRs256Key(), generateRs256Key()]);
  server = await startTestOrg([{ clientId: "0oa-plain", publicJwk: key.publicJwk, scope: SCOPES }]);
});
afterAll(() => server.close());

function app(overrides: Partial<ServiceAppOutput> = {}): ServiceAppOutput {
  return serviceAppOutput(server.origin, "0oa-plain", key, overrides);
}

function expectGrant(result: unknown): asserts result is TokenGrant {
  expect(result).toMatchObject({ ok: true });
}
function expectFailure(result: unknown): asserts result is TokenFailure {
  expect(result).toMatchObject({ ok: false });
}

describe("requestClientCredentialsToken against the Okta simulator", () => {
  it("gets a Bearer token granting exactly the declared scopes", async () => {
    const { fetch, exchanges } = capturingFetch();
    const result = await requestClientCredentialsToken(app(), { fetch });
    expectGrant(result);
    expect(result).toMatchObject({ tokenType: "Bearer", expiresIn: 3600, dpopNonceRetried: false });
    expect(result.grantedScopes).toEqual(["okta.apps.read", "okta.users.read"]);
    expect(exchanges).toHaveLength(1);
    const form = exchanges[0]!.form;
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe(SCOPES);
    expect(form.get("client_assertion_type")).toBe(CLIENT_ASSERTION_TYPE);
    expect(exchanges[0]!.dpop).toBeUndefined();
  });

  it("signs the assertion with alg and kid from the output, iss = sub = clientId, aud = tokenUrl, exp ≤ 5 min", async () => {
    const { decodeJwt, decodeProtectedHeader } = await import("jose");
    const { fetch, exchanges } = capturingFetch();
    expectGrant(await requestClientCredentialsToken(app(), { fetch }));
    const assertion = exchanges[0]!.form.get("client_assertion")!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "RS256", kid: key.kid, typ: "JWT" });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: "0oa-plain", sub: "0oa-plain", aud: server.tokenUrl });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("fails with invalid_client when the private key is not the registered one", async () => {
    const result = await requestClientCredentialsToken(
      app({ privateKeyPem: otherKey.privateKeyPem }),
    );
    expectFailure(result);
    expect(result).toMatchObject({
      error: "invalid_client",
      errorDescription: "The client_assertion signature is invalid.",
      httpStatus: 401,
    });
  });

  it("fails with invalid_client when the assertion has expired (clock 10 min behind)", async () => {
    const result = await requestClientCredentialsToken(app(), {
      now: () => Date.now() - 10 * 60_000,
    });
    expectFailure(result);
    expect(result).toMatchObject({
      error: "invalid_client",
      errorDescription: "The client_assertion token is expired.",
    });
  });

  it("fails with invalid_client when an assertion jti is replayed", async () => {
    const jti = `replay-${crypto.randomUUID()}`;
    expectGrant(await requestClientCredentialsToken(app(), { newJti: () => jti }));
    const second = await requestClientCredentialsToken(app(), { newJti: () => jti });
    expectFailure(second);
    expect(second).toMatchObject({
      error: "invalid_client",
      errorDescription: "The client_assertion token has already been used.",
    });
  });

  it("fails with invalid_scope when a declared scope is not granted to the app", async () => {
    const result = await requestClientCredentialsToken(
      app({ scopes: ["okta.groups.manage", "okta.users.read"] }),
    );
    expectFailure(result);
    expect(result).toMatchObject({ error: "invalid_scope", httpStatus: 400 });
  });

  it("signs with ES256 when the output's algorithm is ES256", async () => {
    const { exportJWK, exportPKCS8, generateKeyPair, calculateJwkThumbprint } =
      await import("jose");
    const pair = await generateKeyPair("ES256", { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const ec = await startTestOrg([
      { clientId: "0oa-ec", publicJwk: { ...publicJwk, kid }, scope: SCOPES },
    ]);
    try {
      const output = serviceAppOutput(ec.origin, "0oa-ec", key, {
        algorithm: "ES256",
        activeKid: kid,
        privateKeyPem: await exportPKCS8(pair.privateKey),
      });
      expectGrant(await requestClientCredentialsToken(output));
    } finally {
      await ec.close();
    }
  });
});

describe("DPoP against an app that requires it (Okta's nonce round trip)", () => {
  let dpopServer: TestOrg;
  beforeAll(async () => {
    dpopServer = await startTestOrg([
      { clientId: "0oa-dpop", publicJwk: key.publicJwk, scope: SCOPES, requireDpop: true },
    ]);
  });
  afterAll(() => dpopServer.close());

  it("answers the use_dpop_nonce challenge once and gets a DPoP-bound token", async () => {
    const { decodeJwt, decodeProtectedHeader } = await import("jose");
    const { fetch, exchanges } = capturingFetch();
    const output = serviceAppOutput(dpopServer.origin, "0oa-dpop", key, { requireDpop: true });
    const result = await requestClientCredentialsToken(output, { fetch });
    expectGrant(result);
    expect(result).toMatchObject({ tokenType: "DPoP", dpopNonceRetried: true });

    expect(exchanges.map((e) => [e.status, e.json.error])).toEqual([
      [400, "use_dpop_nonce"],
      [200, undefined],
    ]);
    const [first, second] = exchanges as [(typeof exchanges)[0], (typeof exchanges)[0]];
    const header = decodeProtectedHeader(first.dpop!);
    expect(header).toMatchObject({ typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC" } });
    expect(header.jwk).not.toHaveProperty("d");
    expect(decodeJwt(first.dpop!)).toMatchObject({ htm: "POST", htu: dpopServer.tokenUrl });
    expect(decodeJwt(first.dpop!)).not.toHaveProperty("nonce");
    const retried = decodeJwt(second.dpop!);
    expect(retried.nonce).toBe(first.dpopNonce);
    expect(retried.jti).not.toBe(decodeJwt(first.dpop!).jti);
    // Same proof key on the retry, new assertion (the server consumed the first jti).
    expect(decodeProtectedHeader(second.dpop!).jwk).toEqual(header.jwk);
    expect(second.form.get("client_assertion")).not.toBe(first.form.get("client_assertion"));
  });

  it("fails when the stack says DPoP is off but the app requires it", async () => {
    const output = serviceAppOutput(dpopServer.origin, "0oa-dpop", key, { requireDpop: false });
    const result = await requestClientCredentialsToken(output);
    expectFailure(result);
    expect(result).toMatchObject({
      error: "invalid_dpop_proof",
      errorDescription: "The DPoP proof JWT header is missing.",
      httpStatus: 400,
    });
  });
});

describe("requestClientCredentialsToken without a server", () => {
  it("reports granted scopes narrower than requested (a server may grant fewer)", async () => {
    // Okta's org AS grants exactly the requested scopes or refuses; other servers may narrow.
    const result = await requestClientCredentialsToken(app(), {
      fetch: async () =>
        new Response(
          JSON.stringify({
            token_type: "Bearer",
            expires_in: 3600,
            access_token: "t",
            scope: "okta.users.read",
          }),
          { status: 200 },
        ),
    });
    expectGrant(result);
    expect(result.grantedScopes).toEqual(["okta.users.read"]);
  });

  const nonceChallenge = () =>
    new Response(JSON.stringify({ error: "use_dpop_nonce" }), {
      status: 400,
      headers: { "dpop-nonce": "n-1", "content-type": "application/json" },
    });

  it("retries a nonce challenge only once and then reports use_dpop_nonce", async () => {
    let calls = 0;
    const result = await requestClientCredentialsToken(app({ requireDpop: true }), {
      fetch: async () => {
        calls += 1;
        return nonceChallenge();
      },
    });
    expect(calls).toBe(2);
    expect(result).toMatchObject({ ok: false, error: "use_dpop_nonce", dpopNonceRetried: true });
  });

  it("does not retry a nonce challenge for an app without DPoP", async () => {
    let calls = 0;
    const result = await requestClientCredentialsToken(app(), {
      fetch: async () => {
        calls += 1;
        return nonceChallenge();
      },
    });
    expect(calls).toBe(1);
    expect(result).toMatchObject({ ok: false, error: "use_dpop_nonce", dpopNonceRetried: false });
  });

  it("reports timeout when the endpoint does not answer in time", async () => {
    const result = await requestClientCredentialsToken(app(), {
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal!.addEventListener("abort", () => reject(init.signal!.reason));
        }),
    });
    expect(result).toMatchObject({ ok: false, error: "timeout" });
  });

  it("reports network_error with only the error code when nothing listens", async () => {
    const closed = await startTestOrg([]);
    await closed.close();
    const result = await requestClientCredentialsToken(serviceAppOutput(closed.origin, "0oa", key));
    expect(result).toEqual({
      ok: false,
      error: "network_error",
      errorDescription: "ECONNREFUSED",
      dpopNonceRetried: false,
    });
  });

  it("never carries a fetch error's message, which may quote the request", async () => {
    const result = await requestClientCredentialsToken(app(), {
      fetch: async (_url, init) => {
        throw new Error(`refused body ${String(init.body)}`);
      },
    });
    expect(result).toEqual({
      ok: false,
      error: "network_error",
      errorDescription: "request failed",
      dpopNonceRetried: false,
    });
  });

  it("masks a JWT echoed in error_description", async () => {
    const result = await requestClientCredentialsToken(app(), {
      fetch: async (_url, init) => {
        const assertion = new URLSearchParams(String(init.body)).get("client_assertion");
        const body = { error: "invalid_request", error_description: `bad: ${assertion}` };
        return new Response(JSON.stringify(body), { status: 400 });
      },
    });
    expectFailure(result);
    expect(result.errorDescription).toBe("bad: [redacted JWT]");
  });

  it("reports unexpected_response for a non-OAuth answer such as an HTML page", async () => {
    const result = await requestClientCredentialsToken(app(), {
      fetch: async () => new Response("<html>login</html>", { status: 200 }),
    });
    expect(result).toMatchObject({ ok: false, error: "unexpected_response", httpStatus: 200 });
  });

  it("reports local_key_error when the PEM does not fit the algorithm", async () => {
    const result = await requestClientCredentialsToken(app({ algorithm: "ES256" }), {
      fetch: async () => {
        throw new Error("must not be called");
      },
    });
    expect(result).toMatchObject({ ok: false, error: "local_key_error" });
  });
});
