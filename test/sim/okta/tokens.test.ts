// The org authorization server's token endpoint checks a client assertion as Okta documents
// (aud = token URL, exp ≤ 1 h ahead, kid in the app's JWKS, single-use jti, active service app) and
// rotates DPoP nonces daily, accepting three days' worth; errors are the catalog's bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDpopKey, signDpopProof } from "../../../components/auth/dpop";
import { simClock } from "../../../sim/shared/clock";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { addServiceApp, call, generateRs256Key, type GeneratedKey } from "./support";

const clock = simClock({ start: Date.UTC(2026, 5, 1) });
let sim: OktaSim;
let key: GeneratedKey;

beforeAll(async () => {
  key = await generateRs256Key();
  sim = await startOktaSim({ clock, checkResponses: true });
  addServiceApp(sim, {
    clientId: "0oatokens00000000001",
    key,
    scopes: ["okta.apps.read", "okta.users.read"],
  });
  addServiceApp(sim, {
    clientId: "0oatokensdpop0000001",
    key,
    scopes: ["okta.apps.read"],
    dpop: true,
  });
});
afterAll(() => sim.close());

async function assertion(
  clientId: string,
  claims: Record<string, unknown> = {},
  kid = key.kid,
): Promise<string> {
  const { importPKCS8, SignJWT } = await import("jose");
  const now = Math.floor(clock.now() / 1000);
  return new SignJWT({
    iss: clientId,
    sub: clientId,
    aud: `${sim.url}/oauth2/v1/token`,
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid })
    .sign(await importPKCS8(key.privateKeyPem, "RS256"));
}

async function token(clientAssertion: string, scope = "okta.apps.read", dpop?: string) {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    scope,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: clientAssertion,
  }).toString();
  return call(sim, "POST", "/oauth2/v1/token", {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(dpop ? { dpop } : {}) },
  });
}

describe("client assertions", () => {
  it("issue a Bearer token with exactly the requested scopes, which then authorizes API calls", async () => {
    const answer = await token(await assertion("0oatokens00000000001"), "okta.users.read");
    expect(answer.json).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: "okta.users.read",
    });
    expect(
      (await call(sim, "GET", "/api/v1/users/me", { token: answer.json.access_token })).status,
    ).toBe(200);
    // The token holds okta.users.read only.
    expect(
      (await call(sim, "GET", "/api/v1/apps", { token: answer.json.access_token })).status,
    ).toBe(403);
  });

  it.each([
    [
      "aud is not the token URL",
      { aud: "https://example.okta.com/oauth2/default/v1/token" },
      "The audience claim for client_assertion must be the endpoint invoked for the request.",
    ],
    [
      "exp is over an hour ahead",
      { exp: Math.floor(Date.UTC(2026, 5, 1) / 1000) + 7200 },
      "The client_assertion token has an expiration too far into the future.",
    ],
    [
      "exp is missing",
      { exp: undefined },
      "The client_assertion must contain the 'exp' claim as seconds since epoch.",
    ],
    [
      "iat is in the future",
      { iat: Math.floor(Date.UTC(2026, 5, 1) / 1000) + 600 },
      "The client_assertion token must be issued before the current time.",
    ],
    [
      "sub is not the client",
      { sub: "someone-else" },
      "The subject claim for client_assertion is not a valid client_id.",
    ],
    [
      "iss is no client of the org",
      { iss: "0oanobody", sub: "0oanobody" },
      "The issuer claim for client_assertion is not a valid client_id.",
    ],
  ])("refuse an assertion whose %s", async (_case, claims, description) => {
    const answer = await token(await assertion("0oatokens00000000001", claims));
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: "invalid_client", error_description: description });
  });

  it("refuse a kid the app's JWKS does not hold", async () => {
    const answer = await token(await assertion("0oatokens00000000001", {}, "not-the-kid"));
    expect(answer.json.error_description).toBe("The client_assertion JWT kid is invalid.");
  });

  it("refuse an inactive app, and an app that is not a service app", async () => {
    sim.state.apps.set({ ...sim.state.apps.get("0oatokens00000000001")!, status: "INACTIVE" });
    expect((await token(await assertion("0oatokens00000000001"))).json.error).toBe(
      "invalid_client",
    );
    const app = sim.state.apps.get("0oatokens00000000001")!;
    const settings = structuredClone(app.settings) as { oauthClient: Record<string, unknown> };
    settings.oauthClient.application_type = "web";
    sim.state.apps.set({ ...app, status: "ACTIVE", settings });
    const web = await token(await assertion("0oatokens00000000001"));
    expect(web.json.error_description).toMatch(
      /^Only clients with 'application_type' of 'service'/,
    );
    settings.oauthClient.application_type = "service";
    sim.state.apps.set({ ...app, status: "ACTIVE", settings });
  });

  it("refuse a scope that was never granted, and openid", async () => {
    expect(
      (await token(await assertion("0oatokens00000000001"), "okta.groups.manage")).json.error,
    ).toBe("invalid_scope");
    expect((await token(await assertion("0oatokens00000000001"), "openid")).json.error).toBe(
      "invalid_scope",
    );
  });
});

describe("DPoP nonces", () => {
  const proof = async (dpopKey: Awaited<ReturnType<typeof generateDpopKey>>, nonce?: string) =>
    signDpopProof({ jose: await import("jose"), now: () => clock.now() }, dpopKey, {
      htm: "POST",
      htu: `${sim.url}/oauth2/v1/token`,
      nonce,
    });

  it("ask for a nonce, accept it for three days, then ask again", async () => {
    const dpopKey = await generateDpopKey(await import("jose"));
    const first = await token(
      await assertion("0oatokensdpop0000001"),
      "okta.apps.read",
      await proof(dpopKey),
    );
    expect([first.status, first.json.error]).toEqual([400, "use_dpop_nonce"]);
    const nonce = first.headers.get("dpop-nonce")!;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const ok = await token(
      await assertion("0oatokensdpop0000001"),
      "okta.apps.read",
      await proof(dpopKey, nonce),
    );
    expect(ok.json.token_type).toBe("DPoP");
    clock.advance(2 * 24 * 3600_000);
    const later = await token(
      await assertion("0oatokensdpop0000001"),
      "okta.apps.read",
      await proof(dpopKey, nonce),
    );
    expect(later.json.token_type).toBe("DPoP");
    clock.advance(2 * 24 * 3600_000);
    const stale = await token(
      await assertion("0oatokensdpop0000001"),
      "okta.apps.read",
      await proof(dpopKey, nonce),
    );
    expect(stale.json.error).toBe("use_dpop_nonce");
    expect(stale.headers.get("dpop-nonce")).not.toBe(nonce);
  });

  it("refuse a proof older than five minutes and a replayed one", async () => {
    const dpopKey = await generateDpopKey(await import("jose"));
    const nonce = (
      await token(await assertion("0oatokensdpop0000001"), "okta.apps.read", await proof(dpopKey))
    ).headers.get("dpop-nonce")!;
    const old = await signDpopProof(
      { jose: await import("jose"), now: () => clock.now() - 600_000 },
      dpopKey,
      { htm: "POST", htu: `${sim.url}/oauth2/v1/token`, nonce },
    );
    expect(
      (await token(await assertion("0oatokensdpop0000001"), "okta.apps.read", old)).json
        .error_description,
    ).toBe("The DPoP proof JWT is issued more than five minutes in the past.");
    const once = await proof(dpopKey, nonce);
    expect(
      (await token(await assertion("0oatokensdpop0000001"), "okta.apps.read", once)).status,
    ).toBe(200);
    expect(
      (await token(await assertion("0oatokensdpop0000001"), "okta.apps.read", once)).json
        .error_description,
    ).toBe("The DPoP proof JWT has already been used.");
  });
});
