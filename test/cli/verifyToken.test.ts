// The CLI's token request from a ServiceAppOutput (verify), against the Okta simulator's org
// authorization server: what the output decides (algorithm, kid, scopes, requireDpop), and what
// the CLI adds to components/auth (masking). The request itself: test/auth/token.test.ts.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAppOutput } from "../../components/outputs";
import { CLIENT_ASSERTION_TYPE, requestClientCredentialsToken } from "../../cli/lib/tokenRequest";
import { expectFailure, expectGrant } from "../auth/support/results";
import { startTestOrg, type TestOrg } from "./support/oktaOrg";
import { generateRs256Key, serviceAppOutput, type GeneratedKey } from "./support/serviceAppKeys";
import { capturingFetch } from "./support/capture";

const SCOPES = "okta.apps.read okta.users.read";

let key: GeneratedKey;
let server: TestOrg;

beforeAll(async () => {
  key = await generateRs256Key();
  server = await startTestOrg([{ clientId: "0oa-plain", publicJwk: key.publicJwk, scope: SCOPES }]);
});
afterAll(() => server.close());

function app(overrides: Partial<ServiceAppOutput> = {}): ServiceAppOutput {
  return serviceAppOutput(server.origin, "0oa-plain", key, overrides);
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

  it("passes the jti source through: a replayed one is refused", async () => {
    const jti = `replay-${crypto.randomUUID()}`;
    expectGrant(await requestClientCredentialsToken(app(), { newJti: () => jti }));
    const second = await requestClientCredentialsToken(app(), { newJti: () => jti });
    expectFailure(second);
    expect(second).toMatchObject({
      error: "invalid_client",
      errorDescription: "The client_assertion token has already been used.",
    });
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

  it("requireDpop: proves possession, answers Okta's nonce challenge, gets a DPoP-bound token", async () => {
    const { fetch, exchanges } = capturingFetch();
    const output = serviceAppOutput(dpopServer.origin, "0oa-dpop", key, { requireDpop: true });
    const result = await requestClientCredentialsToken(output, { fetch });
    expectGrant(result);
    expect(result).toMatchObject({ tokenType: "DPoP", dpopNonceRetried: true });
    expect(exchanges.map((e) => [e.status, e.dpop !== undefined])).toEqual([
      [400, true],
      [200, true],
    ]);
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

  it("reports local_key_error when the PEM does not fit the algorithm", async () => {
    const result = await requestClientCredentialsToken(app({ algorithm: "ES256" }), {
      fetch: async () => {
        throw new Error("must not be called");
      },
    });
    expect(result).toMatchObject({ ok: false, error: "local_key_error" });
  });
});
