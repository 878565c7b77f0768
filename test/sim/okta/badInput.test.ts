// Bad input gets Okta's documented error, never a crash: unknown paths and methods (recorded as
// gaps), spec operations the simulator does not model, malformed JSON, a wrong content type, an
// oversized or missing body, bodies the spec's schema refuses, and bad token requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { requestProblems } from "../../../sim/okta/validate";
import { call, serviceAppBody } from "./support";

let sim: OktaSim;
let token: string;

beforeAll(async () => {
  sim = await startOktaSim({ maxBodyBytes: 4096 });
  token = sim.issueToken({ scopes: ["okta.apps.manage", "okta.apps.read", "okta.groups.read"] });
});
afterAll(() => sim.close());

const oktaShape = {
  errorCode: expect.stringMatching(/^E\d{7}$/),
  errorSummary: expect.any(String),
  errorLink: expect.stringMatching(/^E\d{7}$/),
  errorId: expect.any(String),
  errorCauses: expect.any(Array),
};

describe("requests the spec does not describe", () => {
  it("answer an unknown path 404 E0000007 and record it as a gap", async () => {
    sim.recorder.clear();
    const answer = await call(sim, "GET", "/api/v1/no-such-thing", { token });
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ ...oktaShape, errorCode: "E0000007" });
    expect(sim.recorder.gaps).toMatchObject([
      { operation: "gap:GET /api/v1/no-such-thing", status: 404 },
    ]);
  });

  it("answer a method the path lacks 405 E0000022, as a gap", async () => {
    const answer = await call(sim, "PATCH", "/api/v1/apps/0oa1", { token, body: {} });
    expect([answer.status, answer.json.errorCode]).toEqual([405, "E0000022"]);
    expect(sim.recorder.gaps.at(-1)?.operation).toBe("gap:PATCH /api/v1/apps/0oa1");
  });

  it("answer a spec operation the simulator does not model 501 E0000052, never a silent 404", async () => {
    const answer = await call(sim, "GET", "/api/v1/groups", { token });
    expect(answer.status).toBe(501);
    expect(answer.json).toMatchObject({
      errorCode: "E0000052",
      errorCauses: [{ errorSummary: "listGroups is not simulated" }],
    });
    expect(sim.recorder.gaps.at(-1)?.operation).toBe("gap:GET /api/v1/groups");
  });

  it("parse absolute-form request targets, as a client behind okta:httpProxy sends them", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(sim.url);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${sim.url}/api/v1/apps`,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
  });
});

describe("bodies", () => {
  it("refuse malformed JSON with E0000003", async () => {
    const answer = await call(sim, "POST", "/api/v1/apps", { token, body: "{not json" });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      errorCode: "E0000003",
      errorSummary: "The request body was not well-formed.",
    });
  });

  it("refuse a body that is not JSON by content type with E0000021", async () => {
    const answer = await call(sim, "POST", "/api/v1/apps", {
      token,
      body: "label=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect([answer.status, answer.json.errorCode]).toEqual([400, "E0000021"]);
  });

  it("refuse an oversized body with 413 in Okta's shape", async () => {
    const answer = await call(sim, "POST", "/api/v1/apps", {
      token,
      body: { label: "x".repeat(5000) },
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ ...oktaShape, errorCode: "E0000003" });
    // The simulator still answers afterwards.
    expect((await call(sim, "GET", "/api/v1/apps", { token })).status).toBe(200);
  });

  it("refuse a missing required body with E0000003", async () => {
    const answer = await call(sim, "POST", "/api/v1/apps", { token });
    expect([answer.status, answer.json.errorCode]).toEqual([400, "E0000003"]);
  });

  it("refuse what the spec's schema refuses with E0000001, one cause per field", async () => {
    const answer = await call(sim, "POST", "/api/v1/apps", {
      token,
      body: {
        name: "oidc_client",
        label: "x",
        signOnMode: "OPENID_CONNECT",
        credentials: { oauthClient: { token_endpoint_auth_method: "private_key_jwt" } },
        settings: { oauthClient: { grant_types: ["client_credentials", "magic"] } },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      errorCode: "E0000001",
      errorSummary: "Api validation failed: settings.oauthClient.grant_types.1",
    });
    expect(answer.json.errorCauses[0].errorSummary).toMatch(
      /^settings\.oauthClient\.grant_types\.1: must be one of "authorization_code", "client_credentials"/,
    );
  });

  it("take null for a property as not sent, as Okta's own replaceApplication example sends it", async () => {
    // The spec's replaceApplication example AutoLoginPutEx (verbatim) PUTs
    // accessibility.errorRedirectUrl: null, which the schema types a plain string; Okta's GET
    // answers carry such nulls (AppResponseBaseEx) and read-modify-write clients echo them.
    const autoLoginPutEx = {
      label: "Custom SWA App updated",
      status: "ACTIVE",
      accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
      visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: false, web: false } },
      features: [],
      signOnMode: "AUTO_LOGIN",
      credentials: {
        scheme: "ADMIN_SETS_CREDENTIALS",
        userNameTemplate: { template: "${source.email}", type: "BUILT_IN" },
      },
      settings: {
        signOn: {
          redirectUrl: "http://swasecondaryredirecturlupdated.okta.com",
          loginUrl: "http://swaprimaryloginurl.okta.com",
        },
      },
    };
    expect(requestProblems("replaceApplication", autoLoginPutEx)).toEqual([]);
    const created = await call(sim, "POST", "/api/v1/apps", {
      token,
      body: serviceAppBody("nulls", { kty: "RSA", kid: "k1", e: "AQAB", n: "x".repeat(342) }),
    });
    expect(created.status).toBe(200);
    const app = created.json as Record<string, unknown>;
    const replaced = await call(sim, "PUT", `/api/v1/apps/${String(app.id)}`, {
      token,
      body: {
        ...app,
        accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
      },
    });
    expect(replaced.status).toBe(200);
    // A required property sent as null is still missing.
    const { label: _label, ...rest } = app;
    const missing = await call(sim, "PUT", `/api/v1/apps/${String(app.id)}`, {
      token,
      body: { ...rest, label: null },
    });
    expect([missing.status, missing.json.errorCode]).toEqual([400, "E0000001"]);
  });
});

describe("token requests", () => {
  const form = (body: string, headers: Record<string, string> = {}) =>
    call(sim, "POST", "/oauth2/v1/token", {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });

  it("answer Okta's catalogued errors for missing, mixed or wrong client credentials", async () => {
    expect((await form("grant_type=client_credentials&scope=okta.apps.read")).json).toEqual({
      error: "invalid_client",
      error_description: "No client credentials found.",
    });
    const secret = await form("grant_type=client_credentials&client_id=x&client_secret=y");
    expect([secret.status, secret.json.error_description]).toEqual([
      401,
      "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
    ]);
    const both = await form("grant_type=client_credentials&client_assertion=a.b.c", {
      authorization: "Basic eDp5",
    });
    expect(both.json.error).toBe("invalid_request");
    const type = await form(
      "grant_type=client_credentials&client_assertion=a.b.c&client_assertion_type=x",
    );
    expect(type.json.error_description).toBe("The client_assertion_type is invalid.");
    const garbled = await form(
      "grant_type=client_credentials&client_assertion=not-a-jwt&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
    expect(garbled.json.error_description).toBe("The parsing of the client_assertion failed.");
    expect((await form("scope=x")).json.error).toBe("invalid_request");
  });

  it("refuse a token request that is not form-encoded, and a GET", async () => {
    const json = await call(sim, "POST", "/oauth2/v1/token", {
      body: { grant_type: "client_credentials" },
    });
    expect([json.status, json.json.error]).toEqual([400, "invalid_request"]);
    const get = await call(sim, "GET", "/oauth2/v1/token");
    expect(get.status).toBe(405);
  });
});
