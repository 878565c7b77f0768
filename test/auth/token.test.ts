// components/auth, the one private_key_jwt + DPoP + token implementation, against the Okta
// simulator's org authorization server (sim/okta/tokenEndpoint.ts, dpopProof.ts), which checks
// assertions and proofs as Okta documents and answers with Okta's catalogued errors. The callers'
// own mappings are tested beside them (test/cli/verifyToken, test/worker/okta-auth,
// test/components/oktaApi). Not proven here: that a live Okta org accepts these requests.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from "../../components/auth/clientAssertion";
import { generateDpopKey, signDpopProof, type DpopKey } from "../../components/auth/dpop";
import type { AuthRuntime } from "../../components/auth/runtime";
import { importSigningKey, type SigningKey } from "../../components/auth/signingKey";
import {
  authScheme,
  requestToken,
  type FetchLike,
  type TokenRequest,
} from "../../components/auth/tokenRequest";
import { startOktaSim, type OktaSim } from "../../sim/okta";
import { capturingFetch } from "../cli/support/capture";
import { expectFailure, expectGrant } from "./support/results";
import { addServiceApp, call, generateRs256Key, type GeneratedKey } from "../sim/okta/support";

const PLAIN = "0oaauthplain00000001";
const DPOP = "0oaauthdpop000000001";
const SCOPES = ["okta.apps.read", "okta.users.read"];

let jose: typeof import("jose", { with: { "resolution-mode": "import" } });
let rt: AuthRuntime;
let sim: OktaSim;
let key: GeneratedKey;
let signing: SigningKey;

beforeAll(async () => {
  jose = await import("jose");
  rt = { jose };
  key = await generateRs256Key();
  signing = (await importSigningKey(jose, key.privateKeyPem, { kid: key.kid }))!;
  sim = await startOktaSim();
  addServiceApp(sim, { clientId: PLAIN, key, scopes: SCOPES });
  addServiceApp(sim, { clientId: DPOP, key, scopes: SCOPES, dpop: true });
});
afterAll(() => sim.close());

const tokenUrl = () => `${sim.url}/oauth2/v1/token`;
const request = (over: Partial<TokenRequest> = {}): TokenRequest => ({
  tokenUrl: tokenUrl(),
  clientId: PLAIN,
  scopes: SCOPES,
  signing,
  ...over,
});

describe("importSigningKey", () => {
  it("finds the algorithm of a PKCS#8 key: RS256 for RSA, ES256 for P-256", async () => {
    expect(signing).toMatchObject({ alg: "RS256", kid: key.kid });
    const ec = await jose.generateKeyPair("ES256", { extractable: true });
    const pem = await jose.exportPKCS8(ec.privateKey);
    expect(await importSigningKey(jose, pem)).toMatchObject({ alg: "ES256", kid: undefined });
  });

  it("refuses, without a message that could quote it, what Okta's private_key_jwt cannot use", async () => {
    const p384 = await jose.generateKeyPair("ES384", { extractable: true });
    const rsaPem = key.privateKeyPem;
    expect(await importSigningKey(jose, await jose.exportPKCS8(p384.privateKey))).toBeUndefined();
    // A declared algorithm is the only one tried.
    expect(await importSigningKey(jose, rsaPem, { alg: "ES256" })).toBeUndefined();
    expect(await importSigningKey(jose, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n")).toBeUndefined();
  });
});

describe("signClientAssertion", () => {
  it("omits kid when the key has none, and refuses a lifetime over 5 min", async () => {
    const assertion = await signClientAssertion(
      rt,
      { ...signing, kid: undefined },
      { clientId: PLAIN, tokenUrl: tokenUrl() },
    );
    expect(jose.decodeProtectedHeader(assertion)).toEqual({ alg: "RS256", typ: "JWT" });
    await expect(
      signClientAssertion(rt, signing, { clientId: PLAIN, tokenUrl: tokenUrl() }, 301),
    ).rejects.toThrow(TypeError);
  });
});

describe("requestToken: private_key_jwt", () => {
  it("gets a Bearer token for exactly the requested scopes", async () => {
    const { fetch, exchanges } = capturingFetch();
    const result = await requestToken(rt, request(), { fetch });
    expectGrant(result);
    expect(result).toMatchObject({ tokenType: "Bearer", expiresIn: 3600, dpopNonceRetried: false });
    expect(result.grantedScopes).toEqual(SCOPES);
    expect(result).not.toHaveProperty("dpop");
    expect(authScheme(result.tokenType)).toBe("Bearer");
    const form = exchanges[0]!.form;
    expect(exchanges).toHaveLength(1);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe(SCOPES.join(" "));
    expect(form.get("client_assertion_type")).toBe(CLIENT_ASSERTION_TYPE);
    expect(exchanges[0]!.dpop).toBeUndefined();
  });

  it("signs the assertion: alg and kid from the key, iss = sub = client, aud = token URL, exp ≤ 5 min", async () => {
    const { fetch, exchanges } = capturingFetch();
    expectGrant(await requestToken(rt, request(), { fetch }));
    const assertion = exchanges[0]!.form.get("client_assertion")!;
    expect(jose.decodeProtectedHeader(assertion)).toEqual({
      alg: "RS256",
      kid: key.kid,
      typ: "JWT",
    });
    const claims = jose.decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: PLAIN, sub: PLAIN, aud: tokenUrl() });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("signs with an ES256 key", async () => {
    const pair = await jose.generateKeyPair("ES256", { extractable: true });
    const publicJwk = await jose.exportJWK(pair.publicKey);
    const kid = await jose.calculateJwkThumbprint(publicJwk);
    const ecKey = { ...key, kid, publicJwk: { ...publicJwk, kid } };
    addServiceApp(sim, { clientId: "0oaauthec00000000001", key: ecKey, scopes: SCOPES });
    const ec = await importSigningKey(jose, await jose.exportPKCS8(pair.privateKey), { kid });
    expectGrant(
      await requestToken(rt, request({ clientId: "0oaauthec00000000001", signing: ec! })),
    );
  });

  it("refuses a key the app does not hold: invalid_client, 401", async () => {
    const other = await generateRs256Key();
    const wrongKey = await importSigningKey(jose, other.privateKeyPem, { kid: key.kid });
    const result = await requestToken(rt, request({ signing: wrongKey! }));
    expectFailure(result);
    expect(result).toMatchObject({
      error: "invalid_client",
      errorDescription: "The client_assertion signature is invalid.",
      httpStatus: 401,
    });
  });

  it("refuses an expired assertion (a clock 10 min behind)", async () => {
    const result = await requestToken({ ...rt, now: () => Date.now() - 600_000 }, request());
    expectFailure(result);
    expect(result.errorDescription).toBe("The client_assertion token is expired.");
  });

  it("refuses a replayed jti", async () => {
    const jti = `replay-${crypto.randomUUID()}`;
    expectGrant(await requestToken({ ...rt, newJti: () => jti }, request()));
    const second = await requestToken({ ...rt, newJti: () => jti }, request());
    expectFailure(second);
    expect(second.errorDescription).toBe("The client_assertion token has already been used.");
  });

  it("refuses a scope not granted to the app: invalid_scope, 400", async () => {
    const result = await requestToken(rt, request({ scopes: ["okta.groups.manage"] }));
    expect(result).toMatchObject({ ok: false, error: "invalid_scope", httpStatus: 400 });
  });
});

describe("requestToken: DPoP (Okta's nonce round trip)", () => {
  let dpop: DpopKey;
  beforeAll(async () => {
    dpop = await generateDpopKey(jose);
  });

  it("answers use_dpop_nonce once with the same key, a new proof and a new assertion", async () => {
    const { fetch, exchanges } = capturingFetch();
    const result = await requestToken(rt, request({ clientId: DPOP, dpop }), { fetch });
    expectGrant(result);
    expect(result).toMatchObject({ tokenType: "DPoP", dpopNonceRetried: true, dpop });
    expect(authScheme(result.tokenType)).toBe("DPoP");
    expect(exchanges.map((e) => [e.status, e.json.error])).toEqual([
      [400, "use_dpop_nonce"],
      [200, undefined],
    ]);
    const [first, second] = exchanges as [(typeof exchanges)[0], (typeof exchanges)[0]];
    const header = jose.decodeProtectedHeader(first.dpop!);
    expect(header).toEqual({ alg: "ES256", typ: "dpop+jwt", jwk: dpop.publicJwk });
    expect(Object.keys(header.jwk!).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(jose.decodeJwt(first.dpop!)).toMatchObject({ htm: "POST", htu: tokenUrl() });
    expect(jose.decodeJwt(first.dpop!)).not.toHaveProperty("nonce");
    const retried = jose.decodeJwt(second.dpop!);
    expect(retried.nonce).toBe(first.dpopNonce);
    expect(result.nonce).toBe(first.dpopNonce);
    expect(retried.jti).not.toBe(jose.decodeJwt(first.dpop!).jti);
    expect(second.form.get("client_assertion")).not.toBe(first.form.get("client_assertion"));
  });

  it("with the server's last nonce, needs one request", async () => {
    const first = await requestToken(rt, request({ clientId: DPOP, dpop }));
    expectGrant(first);
    const { fetch, exchanges } = capturingFetch();
    const again = await requestToken(rt, request({ clientId: DPOP, dpop, nonce: first.nonce }), {
      fetch,
    });
    expect(again).toMatchObject({ ok: true, dpopNonceRetried: false });
    expect(exchanges).toHaveLength(1);
  });

  it("without a key: invalid_dpop_proof, unless asked to detect it (then a fresh key)", async () => {
    const refused = await requestToken(rt, request({ clientId: DPOP }));
    expect(refused).toMatchObject({
      ok: false,
      error: "invalid_dpop_proof",
      errorDescription: "The DPoP proof JWT header is missing.",
      httpStatus: 400,
    });
    const { fetch, exchanges } = capturingFetch();
    const detected = await requestToken(rt, request({ clientId: DPOP, detectDpop: true }), {
      fetch,
    });
    expectGrant(detected);
    expect(detected.tokenType).toBe("DPoP");
    expect(detected.dpop?.publicJwk).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(exchanges.map((e) => [e.dpop !== undefined, e.json.error])).toEqual([
      [false, "invalid_dpop_proof"],
      [true, "use_dpop_nonce"],
      [true, undefined],
    ]);
    // An app without DPoP: detection sends no proof, and the token is a Bearer one.
    const plain = await requestToken(rt, request({ detectDpop: true }));
    expect(plain).toMatchObject({ ok: true, tokenType: "Bearer" });
    expect(plain).not.toHaveProperty("dpop");
  });

  it("a resource proof carries ath, and the API accepts it with the DPoP-bound token", async () => {
    const grant = await requestToken(rt, request({ clientId: DPOP, dpop }));
    expectGrant(grant);
    const url = `${sim.url}/api/v1/apps?limit=1#top`;
    const proof = await signDpopProof(rt, dpop, {
      htm: "GET",
      htu: url,
      accessToken: grant.accessToken,
    });
    const claims = jose.decodeJwt(proof);
    expect(claims.htu).toBe(`${sim.url}/api/v1/apps`);
    const digest = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(grant.accessToken),
    );
    expect(claims.ath).toBe(jose.base64url.encode(new Uint8Array(digest)));
    const answer = await call(sim, "GET", "/api/v1/apps?limit=1", {
      headers: { authorization: `DPoP ${grant.accessToken}`, dpop: proof },
    });
    expect(answer.status).toBe(200);
  });
});

describe("requestToken: what the network or a non-Okta server does", () => {
  const nonceChallenge: FetchLike = async () =>
    new Response(JSON.stringify({ error: "use_dpop_nonce" }), {
      status: 400,
      headers: { "dpop-nonce": "n-1" },
    });

  it("answers a nonce challenge only once, and not at all without a DPoP key", async () => {
    let calls = 0;
    const counting: FetchLike = (url, init) => {
      calls++;
      return nonceChallenge(url, init);
    };
    const dpop = await generateDpopKey(jose);
    expect(await requestToken(rt, request({ dpop }), { fetch: counting })).toMatchObject({
      ok: false,
      error: "use_dpop_nonce",
      dpopNonceRetried: true,
      nonce: "n-1",
    });
    expect(calls).toBe(2);
    calls = 0;
    expect(await requestToken(rt, request(), { fetch: counting })).toMatchObject({
      ok: false,
      error: "use_dpop_nonce",
      dpopNonceRetried: false,
    });
    expect(calls).toBe(1);
  });

  it("timeout: when no answer comes within timeoutMs", async () => {
    const result = await requestToken(rt, request(), {
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal!.addEventListener("abort", () => reject(init.signal!.reason));
        }),
    });
    expect(result).toEqual({
      ok: false,
      error: "timeout",
      errorDescription: "no answer within 20 ms",
      dpopNonceRetried: false,
    });
  });

  it("network_error: the error's code only, never its message (which may quote the request)", async () => {
    const closed = await startOktaSim();
    const url = `${closed.url}/oauth2/v1/token`;
    await closed.close();
    expect(await requestToken(rt, request({ tokenUrl: url }))).toEqual({
      ok: false,
      error: "network_error",
      errorDescription: "ECONNREFUSED",
      dpopNonceRetried: false,
    });
    const quoting = await requestToken(rt, request(), {
      fetch: async (_url, init) => {
        throw new Error(`refused body ${String(init.body)}`);
      },
    });
    expect(quoting).toMatchObject({ error: "network_error", errorDescription: "request failed" });
  });

  it("reports the scopes the server granted, when it narrows them (Okta grants all or refuses)", async () => {
    const body = {
      token_type: "Bearer",
      expires_in: 3600,
      access_token: "t",
      scope: "okta.users.read",
    };
    const result = await requestToken(rt, request(), {
      fetch: async () => new Response(JSON.stringify(body), { status: 200 }),
    });
    expect(result).toMatchObject({ ok: true, grantedScopes: ["okta.users.read"] });
  });

  it("unexpected_response: a 200 without a token, or an error without an OAuth body", async () => {
    for (const [status, body] of [
      [200, "<html>login</html>"],
      [502, "Bad Gateway"],
    ] as const) {
      const result = await requestToken(rt, request(), {
        fetch: async () => new Response(body, { status }),
      });
      expect(result).toMatchObject({ ok: false, error: "unexpected_response", httpStatus: status });
    }
  });

  it("local_key_error: a key that cannot sign, before any request", async () => {
    const publicOnly = await jose.importSPKI(
      await jose.exportSPKI((await jose.generateKeyPair("RS256", { extractable: true })).publicKey),
      "RS256",
    );
    const result = await requestToken(rt, request({ signing: { ...signing, key: publicOnly } }), {
      fetch: async () => {
        throw new Error("must not be called");
      },
    });
    expect(result).toMatchObject({ ok: false, error: "local_key_error" });
  });
});
