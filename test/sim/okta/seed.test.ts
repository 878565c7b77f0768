// An org seed (JSON, Okta's own object shapes) loads as the org's starting state: ids filled,
// secrets kept apart and never returned, bad seeds refused naming the key; the copies of Okta's
// documented payloads in sim/okta/data match the shared fixtures.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import catalog from "../../../sim/okta/data/okta-oauth-error-catalog-token-subset.json";
import telephony from "../../../sim/okta/data/okta-telephony-hook-request.json";
import { startOktaSim, type OktaSim, type OrgSeed } from "../../../sim/okta";
import { parseSeed } from "../../../sim/okta/seed";
import { call } from "./support";

const seed: OrgSeed = JSON.parse(
  JSON.stringify({
    apps: [
      {
        id: "0oaseededapp00000001",
        name: "oidc_client",
        label: "ServiceNow (made by hand)",
        status: "ACTIVE",
        signOnMode: "OPENID_CONNECT",
        credentials: {
          oauthClient: {
            client_id: "0oaseededapp00000001",
            token_endpoint_auth_method: "private_key_jwt",
          },
        },
        settings: {
          oauthClient: {
            application_type: "service",
            grant_types: ["client_credentials"],
            dpop_bound_access_tokens: true,
          },
        },
      },
    ],
    grants: {
      "0oaseededapp00000001": [{ issuer: "https://example.okta.com", scopeId: "okta.users.read" }],
    },
    clientRoles: { "0oaseededapp00000001": [{ type: "READ_ONLY_ADMIN" }] },
    eventHooks: [
      {
        name: "twilio feedback",
        events: { type: "EVENT_TYPE", items: ["user.authentication.auth_via_mfa"] },
        channel: {
          type: "HTTP",
          version: "1.0.0",
          config: {
            uri: "https://x.example/e",
            headers: [],
            authScheme: { type: "HEADER", key: "Authorization", value: "top-secret" },
          },
        },
      },
    ],
    apiTokens: [
      { name: "servicenow spoke", token: "00seededtokenvalue", roles: ["READ_ONLY_ADMIN"] },
    ],
    authenticators: [
      {
        key: "phone_number",
        type: "phone",
        name: "Phone",
        status: "ACTIVE",
        settings: { allowedFor: "any" },
      },
    ],
  }),
);

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({ seed, orgUrl: "https://example.okta.com" });
});
afterAll(() => sim.close());

describe("an org seed", () => {
  it("answers its objects as Okta would, to its own API token", async () => {
    const ssws = "00seededtokenvalue";
    const app = await call(sim, "GET", "/api/v1/apps/0oaseededapp00000001", { ssws });
    expect(app.json).toMatchObject({
      label: "ServiceNow (made by hand)",
      settings: { oauthClient: { dpop_bound_access_tokens: true } },
    });
    expect(app.json._links.self.href).toBe(
      "https://example.okta.com/api/v1/apps/0oaseededapp00000001",
    );
    const grants = await call(sim, "GET", "/api/v1/apps/0oaseededapp00000001/grants", { ssws });
    expect(grants.json).toMatchObject([
      { scopeId: "okta.users.read", status: "ACTIVE", issuer: "https://example.okta.com" },
    ]);
    const roles = await call(sim, "GET", "/oauth2/v1/clients/0oaseededapp00000001/roles", { ssws });
    expect(roles.json).toMatchObject([{ type: "READ_ONLY_ADMIN", assignmentType: "CLIENT" }]);
    const authenticators = await call(sim, "GET", "/api/v1/authenticators", { ssws });
    const phones = authenticators.json.filter((a: { key: string }) => a.key === "phone_number");
    expect(phones).toMatchObject([{ status: "ACTIVE", settings: { allowedFor: "any" } }]);
  });

  it("never returns a hook's auth value, and its token acts with the token's roles only", async () => {
    const ssws = "00seededtokenvalue";
    const hooks = await call(sim, "GET", "/api/v1/eventHooks", { ssws });
    expect(hooks.json[0].channel.config.authScheme).toEqual({
      type: "HEADER",
      key: "Authorization",
    });
    expect(JSON.stringify(hooks.json)).not.toContain("top-secret");
    const create = await call(sim, "POST", "/api/v1/eventHooks", { ssws, body: hooks.json[0] });
    expect(create.status).toBe(403);
  });

  it("is refused naming the offending key and the allowed collections", () => {
    expect(() => parseSeed({ aps: [] })).toThrow(
      /seed: .*aps.*\(seed collections: apps, grants, clientRoles/,
    );
    expect(() => parseSeed({ apps: [1] })).toThrow(/^seed\.apps\.0: /);
    expect(() => parseSeed({ grants: { "0oa1": {} } })).toThrow(/^seed\.grants\.0oa1: /);
  });
});

describe("sim/okta/data", () => {
  const fixtures = join(__dirname, "..", "..", "..", "..", "shared", "fixtures");
  it.runIf(existsSync(fixtures))("holds verbatim copies of the shared fixtures", () => {
    const read = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), "utf8"));
    expect(catalog).toEqual(read("okta-oauth-error-catalog-token-subset.json"));
    expect(telephony).toEqual(read("okta-telephony-hook-request.json"));
  });
});

describe("users beyond the seed, and revoking a client's tokens", () => {
  it("reads a directory user by id without storing it; others are 404", async () => {
    const sim = await startOktaSim({
      directory: (id) =>
        id.startsWith("00ubig")
          ? { id, status: "ACTIVE", profile: { login: `${id}@example.com`, mobilePhone: "+1" } }
          : undefined,
    });
    try {
      const token = sim.issueToken({ scopes: ["okta.users.read"] });
      const before = sim.state.users.size;
      const found = await call(sim, "GET", "/api/v1/users/00ubig000001", { token });
      expect([found.status, found.json.profile.login]).toEqual([200, "00ubig000001@example.com"]);
      expect(found.json._links.self.href).toBe(`${sim.url}/api/v1/users/00ubig000001`);
      expect(
        (await call(sim, "GET", "/api/v1/users/00ubig000001/factors", { token })).json,
      ).toEqual([]);
      expect((await call(sim, "GET", "/api/v1/users/00uother", { token })).status).toBe(404);
      expect(sim.state.users.size).toBe(before);
    } finally {
      await sim.close();
    }
  });

  it("revokes every token of one client: its next call is 401 E0000011", async () => {
    const sim = await startOktaSim();
    try {
      const mine = sim.issueToken({
        clientId: "0oamine",
        scopes: ["okta.users.read"],
        roles: ["READ_ONLY_ADMIN"],
      });
      const theirs = sim.issueToken({
        clientId: "0oatheirs",
        scopes: ["okta.users.read"],
        roles: ["READ_ONLY_ADMIN"],
      });
      expect(sim.accessTokensOf("0oamine")).toEqual([mine]);
      sim.revokeTokens("0oamine");
      expect(sim.accessTokensOf("0oamine")).toEqual([]);
      const refused = await call(sim, "GET", "/api/v1/users/me", { token: mine });
      expect([refused.status, refused.json.errorCode]).toEqual([401, "E0000011"]);
      expect((await call(sim, "GET", "/api/v1/users/me", { token: theirs })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
