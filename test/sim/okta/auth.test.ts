// Who may call what: a token must hold the operation's spec scope (one 403 E0000006 per resource
// kind, the missing scope recorded), its holder's admin roles must cover it, SSWS tokens act with
// their admin's roles, DPoP-bound tokens need the DPoP scheme and a proof, no credential is 401.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDpopKey, signDpopProof } from "../../../components/auth/dpop";
import { requestClientCredentialsToken } from "../../../cli/lib/tokenRequest";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { addServiceApp, call, generateRs256Key, type GeneratedKey } from "./support";

let sim: OktaSim;
let key: GeneratedKey;

beforeAll(async () => {
  key = await generateRs256Key();
  sim = await startOktaSim();
  sim.seed({ users: [{ id: "00uauthtest000000001", profile: { login: "u@example.com" } }] });
});
afterAll(() => sim.close());

describe("a token without the operation's scope", () => {
  // One read per resource kind, each needing a scope the token below does not hold.
  const cases: Array<[string, string, string]> = [
    ["apps", "/api/v1/apps", "okta.apps.read"],
    ["grants", "/api/v1/apps/0oa1/grants", "okta.appGrants.read"],
    ["client roles", "/oauth2/v1/clients/0oa1/roles", "okta.roles.read"],
    ["custom roles", "/api/v1/iam/roles", "okta.roles.read"],
    ["resource sets", "/api/v1/iam/resource-sets", "okta.roles.read"],
    ["policies", "/api/v1/policies?type=ACCESS_POLICY", "okta.policies.read"],
    ["event hooks", "/api/v1/eventHooks", "okta.eventHooks.read"],
    ["inline hooks", "/api/v1/inlineHooks", "okta.inlineHooks.read"],
    ["authenticators", "/api/v1/authenticators", "okta.authenticators.read"],
    ["API tokens", "/api/v1/api-tokens", "okta.apiTokens.read"],
    ["users", "/api/v1/users", "okta.users.read"],
    ["factors", "/api/v1/users/00uauthtest000000001/factors", "okta.users.read"],
  ];

  it.each(cases)(
    "is refused for %s with 403 E0000006, recording %s missing",
    async (_kind, path, scope) => {
      const token = sim.issueToken({ scopes: ["okta.groups.read"] });
      sim.recorder.clear();
      const answer = await call(sim, "GET", path, { token });
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject({
        errorCode: "E0000006",
        errorSummary: "You do not have permission to perform the requested action",
      });
      expect(answer.headers.get("www-authenticate")).toMatch(/insufficient_scope/);
      expect(sim.recorder.calls).toMatchObject([{ status: 403, scope, errorCode: "E0000006" }]);
    },
  );

  it("is allowed once it holds the scope; a .manage scope does not stand in for .read (spec security)", async () => {
    const reader = sim.issueToken({ scopes: ["okta.apps.read"] });
    expect((await call(sim, "GET", "/api/v1/apps", { token: reader })).status).toBe(200);
    const manager = sim.issueToken({ scopes: ["okta.apps.manage"] });
    expect((await call(sim, "GET", "/api/v1/apps", { token: manager })).status).toBe(403);
  });
});

describe("admin roles", () => {
  it("refuse a client whose roles do not cover the scope it holds, recording the scope", async () => {
    addServiceApp(sim, {
      clientId: "0oareadonlyclient001",
      key,
      scopes: ["okta.apps.read", "okta.apps.manage"],
      roles: ["READ_ONLY_ADMIN"],
    });
    const token = sim.issueToken({
      clientId: "0oareadonlyclient001",
      scopes: ["okta.apps.read", "okta.apps.manage"],
    });
    expect((await call(sim, "GET", "/api/v1/apps", { token })).status).toBe(200);
    sim.recorder.clear();
    const create = await call(sim, "POST", "/api/v1/apps", {
      token,
      body: { name: "x", label: "x", signOnMode: "BOOKMARK" },
    });
    expect(create.status).toBe(403);
    expect(sim.recorder.calls[0]).toMatchObject({
      scope: "okta.apps.manage",
      caller: "0oareadonlyclient001",
    });
  });

  it("let a custom role's permissions stand in for standard roles", async () => {
    sim.seed({
      customRoles: [
        {
          id: "cr0authtest000000001",
          label: "hook reader",
          description: "d",
          permissions: ["okta.eventHooks.manage"],
        },
      ],
    });
    addServiceApp(sim, {
      clientId: "0oacustomclient00001",
      key,
      scopes: ["okta.eventHooks.read"],
      roles: [],
    });
    sim.seed({
      clientRoles: {
        "0oacustomclient00001": [
          { type: "CUSTOM", role: "cr0authtest000000001", "resource-set": "iamx" },
        ],
      },
    });
    const token = sim.issueToken({
      clientId: "0oacustomclient00001",
      scopes: ["okta.eventHooks.read", "okta.apps.read"],
    });
    expect((await call(sim, "GET", "/api/v1/eventHooks", { token })).status).toBe(200);
    expect((await call(sim, "GET", "/api/v1/apps", { token })).status).toBe(403);
  });
});

describe("SSWS API tokens", () => {
  it("act with their admin's roles: super admin everything, app admin apps only", async () => {
    const superAdmin = sim.sswsToken({ name: "super", roles: ["SUPER_ADMIN"] });
    const appAdmin = sim.sswsToken({ name: "apps", roles: ["APP_ADMIN"] });
    expect((await call(sim, "GET", "/api/v1/eventHooks", { ssws: superAdmin })).status).toBe(200);
    expect((await call(sim, "GET", "/api/v1/apps", { ssws: appAdmin })).status).toBe(200);
    sim.recorder.clear();
    expect((await call(sim, "GET", "/api/v1/eventHooks", { ssws: appAdmin })).status).toBe(403);
    expect(sim.recorder.calls[0]).toMatchObject({ caller: "apps", errorCode: "E0000006" });
  });

  it("are 401 E0000011 when unknown, and so is a request without credentials", async () => {
    for (const options of [{ ssws: "00not-a-token" }, {}, { token: "not-issued" }]) {
      const answer = await call(sim, "GET", "/api/v1/apps", options);
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({
        errorCode: "E0000011",
        errorSummary: "Invalid token provided",
      });
    }
  });
});

describe("DPoP-bound access tokens", () => {
  let token: string;
  let dpopKey: Awaited<ReturnType<typeof generateDpopKey>>;

  beforeAll(async () => {
    addServiceApp(sim, {
      clientId: "0oadpopclient0000001",
      key,
      scopes: ["okta.apps.read"],
      dpop: true,
    });
    const grant = await requestClientCredentialsToken({
      clientId: "0oadpopclient0000001",
      tokenUrl: `${sim.url}/oauth2/v1/token`,
      activeKid: key.kid,
      algorithm: "RS256",
      privateKeyPem: key.privateKeyPem,
      scopes: ["okta.apps.read"],
      requireDpop: true,
    });
    expect(grant).toMatchObject({ ok: true, tokenType: "DPoP", dpopNonceRetried: true });
    token = (grant as { accessToken: string }).accessToken;
    dpopKey = await generateDpopKey(await import("jose"));
  });

  const proof = async (key: typeof dpopKey, ath?: string, htu = `${sim.url}/api/v1/apps`) => {
    const { SignJWT } = await import("jose");
    return new SignJWT({
      htm: "GET",
      htu,
      ath: ath ?? createHash("sha256").update(token).digest("base64url"),
    })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk })
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .sign(key.privateKey);
  };

  it("refuse the Bearer scheme, a missing proof, and a proof from another key (ERRCAT)", async () => {
    const bearer = await call(sim, "GET", "/api/v1/apps", { token });
    expect([bearer.status, bearer.json.error]).toEqual([400, "invalid_request"]);
    expect(bearer.json.error_description).toMatch(/must use the DPoP authentication scheme/);
    const noProof = await call(sim, "GET", "/api/v1/apps", {
      headers: { authorization: `DPoP ${token}` },
    });
    expect(noProof.json.error_description).toMatch(/requires a DPoP proof/);
    const other = await generateDpopKey(await import("jose"));
    const wrongKey = await call(sim, "GET", "/api/v1/apps", {
      headers: { authorization: `DPoP ${token}`, dpop: await proof(other) },
    });
    expect([wrongKey.status, wrongKey.json.error]).toEqual([400, "invalid_dpop_proof"]);
    expect(wrongKey.json.error_description).toMatch(/not bound to the provided DPoP proof/);
  });

  it("refuse a proof whose ath or htu does not match", async () => {
    // Both claims are checked before the proof's key is compared with the token's binding.
    const bad = await call(sim, "GET", "/api/v1/apps", {
      headers: { authorization: `DPoP ${token}`, dpop: await proof(dpopKey, "AAAA") },
    });
    expect(bad.json.error_description).toMatch(/'ath' claim/);
    const htu = await call(sim, "GET", "/api/v1/apps", {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await proof(dpopKey, undefined, `${sim.url}/api/v1/users`),
      },
    });
    expect(htu.json.error_description).toMatch(/'htu' claim/);
  });

  it("refuse the DPoP scheme for a Bearer token", async () => {
    const bearerToken = sim.issueToken({ scopes: ["okta.apps.read"] });
    const key2 = await generateDpopKey(await import("jose"));
    const answer = await call(sim, "GET", "/api/v1/apps", {
      headers: {
        authorization: `DPoP ${bearerToken}`,
        dpop: await signDpopProof({ jose: await import("jose") }, key2, {
          htm: "GET",
          htu: `${sim.url}/api/v1/apps`,
        }),
      },
    });
    expect([answer.status, answer.json.error]).toEqual([401, "invalid_token"]);
  });
});
