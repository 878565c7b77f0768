// The real system's behaviours the simulator reproduces (PROVIDERS.md), each with its switch:
// a write without the DPoP flag stores false, an app holding admin roles takes a PUT only from a
// super admin (#2025), authenticators answer Okta's whole settings object, the console's DPoP
// default for API Services apps against the spec's rule.
import { afterEach, describe, expect, it } from "vitest";
import { startOktaSim, type Behaviours, type OktaSim } from "../../../sim/okta";
import { call, serviceAppBody, telephonyHookBody } from "./support";

const JWK = {
  kty: "RSA",
  kid: "k1",
  e: "AQAB",
  n: "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl",
};
const SCOPES = [
  "okta.apps.manage",
  "okta.apps.read",
  "okta.roles.manage",
  "okta.authenticators.read",
  "okta.authenticators.manage",
];

let sim: OktaSim | undefined;
afterEach(async () => {
  expect(sim?.responseProblems ?? []).toEqual([]);
  await sim?.close();
  sim = undefined;
});

async function start(
  behaviours: Partial<Behaviours> = {},
): Promise<{ sim: OktaSim; token: string }> {
  sim = await startOktaSim({ behaviours, checkResponses: true });
  return { sim, token: sim.issueToken({ scopes: SCOPES }) };
}

describe("the DPoP flag on app writes", () => {
  it("the console creates API Services apps with DPoP required", async () => {
    const { sim, token } = await start();
    const app = sim.consoleServiceApp({ label: "console", jwks: [JWK] });
    const read = await call(sim, "GET", `/api/v1/apps/${app.id}`, { token });
    expect(read.json.settings.oauthClient).toMatchObject({
      application_type: "service",
      grant_types: ["client_credentials"],
      dpop_bound_access_tokens: true,
    });
  });

  it("a full PUT without dpop_bound_access_tokens turns DPoP off (the provider's writes)", async () => {
    const { sim, token } = await start();
    const app = sim.consoleServiceApp({ label: "console", jwks: [JWK] });
    const put = await call(sim, "PUT", `/api/v1/apps/${app.id}`, {
      token,
      body: serviceAppBody("console", JWK),
    });
    expect(put.status).toBe(200);
    expect(put.json.settings.oauthClient.dpop_bound_access_tokens).toBe(false);
    expect(
      (await call(sim, "GET", `/api/v1/apps/${app.id}`, { token })).json.settings.oauthClient
        .dpop_bound_access_tokens,
    ).toBe(false);
  });

  it("switched off, an omitted flag keeps what the app had", async () => {
    const { sim, token } = await start({ dpopFlagDefaultsFalse: false });
    const app = sim.consoleServiceApp({ label: "console", jwks: [JWK] });
    const put = await call(sim, "PUT", `/api/v1/apps/${app.id}`, {
      token,
      body: serviceAppBody("console", JWK),
    });
    expect(put.json.settings.oauthClient.dpop_bound_access_tokens).toBe(true);
  });

  it("the spec's rule (DPoP disallows client_credentials) applies only when switched to it", async () => {
    const body = serviceAppBody("dpop", JWK) as {
      settings: { oauthClient: Record<string, unknown> };
    };
    body.settings.oauthClient.dpop_bound_access_tokens = true;
    const consoleOrg = await start();
    expect(
      (await call(consoleOrg.sim, "POST", "/api/v1/apps", { token: consoleOrg.token, body }))
        .status,
    ).toBe(200);
    await consoleOrg.sim.close();
    const specOrg = await start({ dpopWithClientCredentials: "spec" });
    const refused = await call(specOrg.sim, "POST", "/api/v1/apps", { token: specOrg.token, body });
    expect([refused.status, refused.json.errorCode]).toEqual([400, "E0000001"]);
    expect(refused.json.errorCauses[0].errorSummary).toMatch(/client_credentials is not allowed/);
  });
});

describe("an app holding admin roles (terraform-provider-okta#2025)", () => {
  async function appWithRole(behaviours: Partial<Behaviours> = {}) {
    const { sim, token } = await start(behaviours);
    const app = sim.consoleServiceApp({ label: "admin app", jwks: [JWK], dpop: false });
    const role = await call(sim, "POST", `/oauth2/v1/clients/${app.id}/roles`, {
      token,
      body: { type: "APP_ADMIN" },
    });
    expect(role.status).toBe(200);
    // A least-privileged deployer: app admin, not super admin.
    const deployer = sim.issueToken({ clientId: "deployer", scopes: SCOPES, roles: ["APP_ADMIN"] });
    return { sim, token, app, deployer };
  }

  it("refuses a PUT from a caller that is not a super admin", async () => {
    const { sim, app, deployer } = await appWithRole();
    const put = await call(sim, "PUT", `/api/v1/apps/${app.id}`, {
      token: deployer,
      body: serviceAppBody("admin app", JWK),
    });
    expect([put.status, put.json.errorCode]).toEqual([403, "E0000006"]);
    // Reads still work.
    expect((await call(sim, "GET", `/api/v1/apps/${app.id}`, { token: deployer })).status).toBe(
      200,
    );
  });

  it("takes it from a super admin, and from anyone when switched off", async () => {
    const first = await appWithRole();
    const put = await call(first.sim, "PUT", `/api/v1/apps/${first.app.id}`, {
      token: first.token,
      body: serviceAppBody("admin app", JWK),
    });
    expect(put.status).toBe(200);
    await first.sim.close();
    const off = await appWithRole({ adminRolesBlockAppUpdate: false });
    const put2 = await call(off.sim, "PUT", `/api/v1/apps/${off.app.id}`, {
      token: off.deployer,
      body: serviceAppBody("admin app", JWK),
    });
    expect(put2.status).toBe(200);
  });
});

describe("authenticator settings", () => {
  it("answer Okta's whole okta_verify settings object, keys the caller never sent included", async () => {
    const { sim, token } = await start();
    const list = await call(sim, "GET", "/api/v1/authenticators", { token });
    const verify = list.json.find((a: { key: string }) => a.key === "okta_verify");
    const put = await call(sim, "PUT", `/api/v1/authenticators/${verify.id}`, {
      token,
      body: { key: "okta_verify", name: "Okta Verify", settings: { userVerification: "REQUIRED" } },
    });
    expect(Object.keys(put.json.settings).sort()).toEqual([
      "appInstanceId",
      "channelBinding",
      "compliance",
      "enrollmentSecurityLevel",
      "userVerification",
      "userVerificationMethods",
    ]);
    expect(put.json.settings.userVerification).toBe("REQUIRED");
  });

  it("switched off, answer only the keys last written", async () => {
    const { sim, token } = await start({ wholeAuthenticatorSettings: false });
    const list = await call(sim, "GET", "/api/v1/authenticators", { token });
    const verify = list.json.find((a: { key: string }) => a.key === "okta_verify");
    await call(sim, "PUT", `/api/v1/authenticators/${verify.id}`, {
      token,
      body: { key: "okta_verify", name: "Okta Verify", settings: { userVerification: "REQUIRED" } },
    });
    const read = await call(sim, "GET", `/api/v1/authenticators/${verify.id}`, { token });
    expect(read.json.settings).toEqual({ userVerification: "REQUIRED" });
  });
});

describe("a second active telephony hook", () => {
  it("is accepted when the one-active rule is switched off", async () => {
    sim = await startOktaSim({ behaviours: { singleActiveTelephonyHook: false } });
    const token = sim.issueToken({ scopes: ["okta.inlineHooks.manage"] });
    const body = telephonyHookBody("http://127.0.0.1:9/t", { key: "k", value: "v" }, { name: "t" });
    expect((await call(sim, "POST", "/api/v1/inlineHooks", { token, body })).status).toBe(200);
    expect((await call(sim, "POST", "/api/v1/inlineHooks", { token, body })).status).toBe(200);
  });
});
