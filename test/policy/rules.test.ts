// Each policy over realistic resource records (inputs as the plan and the pack present them:
// secrets "[secret]", values unknown in preview "[unknown]"): one passing and one failing case
// at least, with the message that names the problem.

import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config/parse";
import { appPolicies, contextFromConfig, contextWithoutConfig } from "../../policy/context";
import {
  RULES,
  TYPES,
  evaluateRules,
  type CheckedResource,
  type PolicyContext,
} from "../../policy/rules";

function config(environment: string, extra: Record<string, unknown> = {}) {
  const values: Record<string, string> = {
    "oktaplane:environment": environment,
    "oktaplane:okta": JSON.stringify({ orgName: "acme", baseUrl: "okta.com" }),
    "oktaplane:serviceApps": JSON.stringify({
      reporting: { capabilities: ["read-only"] },
      breakglass: { capabilities: ["super-admin"], allowBroadRoles: ["SUPER_ADMIN"] },
    }),
    "oktaplane:connectors": JSON.stringify({
      servicenowSpoke: { instance: "acme", auth: "oauth" },
      moveworks: { capabilities: ["read-only"] },
    }),
  };
  for (const [k, v] of Object.entries(extra)) values[`oktaplane:${k}`] = JSON.stringify(v);
  return parseStackConfig({ stack: environment, values, secretKeys: new Set() }).config;
}

const dev = contextFromConfig("dev", config("dev"));
const prod = contextFromConfig("prod", config("prod"));

function resource(
  type: string,
  name: string,
  inputs: CheckedResource["inputs"],
  extra: Partial<CheckedResource> = {},
): CheckedResource {
  return {
    urn: `urn:pulumi:dev::oktaplane::${type}::${name}`,
    type,
    name,
    ancestors: [],
    inputs,
    protect: false,
    retainOnDelete: false,
    ...extra,
  };
}

/** The messages one rule reports for one resource. */
function check(ruleName: string, r: CheckedResource, context: PolicyContext = dev): string[] {
  return evaluateRules([r], context)
    .filter((f) => f.policy === ruleName)
    .map((f) => f.message);
}

const serviceApp = (inputs: CheckedResource["inputs"] = {}, extra: Partial<CheckedResource> = {}) =>
  resource(
    TYPES.oauthApp,
    "reporting-app",
    {
      label: "oktaplane dev reporting",
      type: "service",
      grantTypes: ["client_credentials"],
      responseTypes: ["token"],
      tokenEndpointAuthMethod: "private_key_jwt",
      jwks: [{ kty: "RSA", kid: "primary", e: "AQAB", n: "sXch0Z1m6Pq0" }],
      ...inputs,
    },
    { ancestors: ["reporting"], ...extra },
  );

describe("every rule", () => {
  it.each(RULES.map((r) => [r.name, r]))("%s has a description and remediation", (_, rule) => {
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.remediation.length).toBeGreaterThan(20);
    expect(["mandatory", "advisory"]).toContain(rule.enforcementLevel);
  });
});

describe("no-broad-admin-roles", () => {
  const role = (type: string, app: string) =>
    resource(
      TYPES.roleAssignment,
      `${app}-${type.toLowerCase()}`,
      { clientId: "[unknown]", type },
      { ancestors: [app] },
    );

  it("passes a standard narrow role", () => {
    expect(check("no-broad-admin-roles", role("READ_ONLY_ADMIN", "reporting"))).toEqual([]);
  });
  it("passes SUPER_ADMIN on an app that opted in by name", () => {
    expect(check("no-broad-admin-roles", role("SUPER_ADMIN", "breakglass"))).toEqual([]);
  });
  it("refuses SUPER_ADMIN on an app that did not opt in", () => {
    expect(check("no-broad-admin-roles", role("SUPER_ADMIN", "reporting"))).toEqual([
      "assigns SUPER_ADMIN to service app reporting, which has not opted in (serviceApps.reporting.allowBroadRoles)",
    ]);
  });
  it("refuses ORG_ADMIN even where SUPER_ADMIN is allowed: opt-in is per role", () => {
    expect(check("no-broad-admin-roles", role("ORG_ADMIN", "breakglass"))).toHaveLength(1);
  });
  it("refuses a broad role on a connector app, which cannot opt in", () => {
    expect(check("no-broad-admin-roles", role("ORG_ADMIN", "moveworks"))).toHaveLength(1);
  });
  it("refuses a broad role on an app it cannot identify, and when config is unreadable", () => {
    expect(check("no-broad-admin-roles", role("SUPER_ADMIN", "mystery"))[0]).toMatch(
      /not one of this stack's apps/,
    );
    expect(
      check("no-broad-admin-roles", role("SUPER_ADMIN", "breakglass"), contextWithoutConfig("x")),
    ).toHaveLength(1);
  });
});

describe("service-app-private-key-jwt", () => {
  it("passes a service app with private_key_jwt and a JWKS", () => {
    expect(check("service-app-private-key-jwt", serviceApp())).toEqual([]);
  });
  it("passes while jwks is unknown (preview of a key not generated yet)", () => {
    expect(check("service-app-private-key-jwt", serviceApp({ jwks: "[unknown]" }))).toEqual([]);
  });
  it("refuses a client secret and client_secret_basic", () => {
    expect(
      check(
        "service-app-private-key-jwt",
        serviceApp({
          tokenEndpointAuthMethod: "client_secret_basic",
          clientBasicSecret: "[secret]",
        }),
      ),
    ).toEqual([
      'tokenEndpointAuthMethod is "client_secret_basic"; it must be "private_key_jwt"',
      "sets clientBasicSecret: a service app has no client secret",
    ]);
  });
  it("refuses an unset auth method (Okta would issue a secret) and a missing key", () => {
    expect(
      check("service-app-private-key-jwt", serviceApp({ tokenEndpointAuthMethod: null, jwks: [] })),
    ).toEqual([
      'tokenEndpointAuthMethod is unset (Okta then issues a client secret); it must be "private_key_jwt"',
      "registers no public key (jwks or jwksUri) to verify its client assertions",
    ]);
  });
  it("does not apply to web apps (ServiceNow's OAuth app uses a client secret by design)", () => {
    const web = resource(TYPES.oauthApp, "servicenow-spoke", {
      type: "web",
      tokenEndpointAuthMethod: "client_secret_basic",
    });
    expect(check("service-app-private-key-jwt", web)).toEqual([]);
  });
});

describe("granted-scopes-match-capabilities", () => {
  const grant = (scopes: CheckedResource["inputs"][string], app: string) =>
    resource(
      TYPES.apiScope,
      `${app}-scopes`,
      { appId: "[unknown]", issuer: "https://acme.okta.com", scopes },
      { ancestors: [app] },
    );

  it("passes exactly the app's capability scopes", () => {
    const scopes = ["okta.users.read", "okta.groups.read", "okta.apps.read"];
    expect(check("granted-scopes-match-capabilities", grant(scopes, "reporting"))).toEqual([]);
  });
  it("passes a connector preset's scopes (moveworks: its ten plus its capabilities)", () => {
    const scopes = [...appPolicies(config("dev"))["moveworks"]!.scopes];
    expect(scopes).toContain("okta.orgs.read");
    expect(check("granted-scopes-match-capabilities", grant(scopes, "moveworks"))).toEqual([]);
  });
  it("refuses a scope outside the app's capabilities", () => {
    expect(
      check(
        "granted-scopes-match-capabilities",
        grant(["okta.users.read", "okta.users.manage", "okta.roles.manage"], "reporting"),
      ),
    ).toEqual([
      "grants okta.roles.manage, okta.users.manage: not needed by the capabilities of app reporting",
    ]);
  });
  it("checks an unidentified grant against every app of the stack", () => {
    expect(check("granted-scopes-match-capabilities", grant(["okta.logs.read"], "x"))).toEqual([]);
    expect(
      check("granted-scopes-match-capabilities", grant(["okta.apiTokens.manage"], "x"))[0],
    ).toMatch(/not needed by any app of this stack/);
  });
  it("without config, refuses scopes that no capability needs", () => {
    const ctx = contextWithoutConfig("dev");
    expect(
      check("granted-scopes-match-capabilities", grant(["okta.users.manage"], "x"), ctx),
    ).toEqual([]);
    expect(
      check("granted-scopes-match-capabilities", grant(["okta.roles.manage"], "x"), ctx),
    ).toHaveLength(1);
  });
  it("waits while the scope list is unknown", () => {
    expect(check("granted-scopes-match-capabilities", grant("[unknown]", "reporting"))).toEqual([]);
  });
});

describe("https-only-uris", () => {
  const eventHook = (uri: string) =>
    resource(TYPES.eventHook, "events", {
      channel: { type: "HTTP", version: "1.0.0", uri },
      auth: "[secret]",
      events: ["user.authentication.auth_via_mfa"],
    });

  it("passes https hook and redirect URIs", () => {
    expect(check("https-only-uris", eventHook("https://okta-hooks.acme.com/events"))).toEqual([]);
    const web = resource(TYPES.oauthApp, "servicenow-spoke", {
      type: "web",
      redirectUris: ["https://acme.service-now.com/oauth_redirect.do"],
      postLogoutRedirectUris: ["https://acme.service-now.com/"],
    });
    expect(check("https-only-uris", web)).toEqual([]);
  });
  it("refuses an http event hook channel", () => {
    expect(check("https-only-uris", eventHook("http://okta-hooks.acme.com/events"))).toEqual([
      'channel.uri "http://okta-hooks.acme.com/events" uses http; it must be https://',
    ]);
  });
  it("refuses http redirect and post-logout URIs, naming the index", () => {
    const web = resource(TYPES.oauthApp, "portal", {
      type: "web",
      redirectUris: ["https://portal.acme.com/cb", "http://portal.acme.com/cb"],
      postLogoutRedirectUris: ["/relative"],
    });
    expect(check("https-only-uris", web)).toEqual([
      'redirectUris[1] "http://portal.acme.com/cb" uses http; it must be https://',
      'postLogoutRedirectUris[0] "/relative" is not an absolute URL; it must be https://',
    ]);
  });
  it("reads an inline hook's channel and its OAuth channelJson", () => {
    const inline = (channel: CheckedResource["inputs"]) =>
      resource(TYPES.inlineHook, "telephony", {
        type: "com.okta.telephony.provider",
        version: "1.0.0",
        ...channel,
      });
    expect(
      check(
        "https-only-uris",
        inline({ channel: { type: "HTTP", version: "1.0.0", uri: "http://h.acme.com/t" } }),
      ),
    ).toHaveLength(1);
    expect(
      check(
        "https-only-uris",
        inline({
          channelJson: JSON.stringify({ type: "OAUTH", config: { uri: "http://h.acme.com/t" } }),
        }),
      ),
    ).toEqual(['channelJson.config.uri "http://h.acme.com/t" uses http; it must be https://']);
  });
  it("waits while a URI is unknown (the receiver's URL before it exists)", () => {
    expect(check("https-only-uris", eventHook("[unknown]"))).toEqual([]);
  });
});

describe("hooks-authenticate", () => {
  const hook = (type: string, inputs: CheckedResource["inputs"]) =>
    resource(type, "hook", {
      channel: { type: "HTTP", version: "1.0.0", uri: "https://h.acme.com/e" },
      ...inputs,
    });

  it("passes a header auth (secret as a whole, or its value)", () => {
    expect(check("hooks-authenticate", hook(TYPES.eventHook, { auth: "[secret]" }))).toEqual([]);
    expect(
      check(
        "hooks-authenticate",
        hook(TYPES.inlineHook, {
          auth: { type: "HEADER", key: "Authorization", value: "[secret]" },
        }),
      ),
    ).toEqual([]);
  });
  it("passes an inline hook authenticated by its OAuth channel", () => {
    const channelJson = JSON.stringify({
      type: "OAUTH",
      config: { uri: "https://h.acme.com/t", clientId: "0oa1", authType: "private_key_jwt" },
    });
    expect(check("hooks-authenticate", hook(TYPES.inlineHook, { channelJson }))).toEqual([]);
  });
  it("refuses an event hook without auth, and one with an empty value", () => {
    expect(check("hooks-authenticate", hook(TYPES.eventHook, {}))).toEqual([
      "has no auth: anyone who learns the URL can send it forged hook calls",
    ]);
    expect(
      check(
        "hooks-authenticate",
        hook(TYPES.eventHook, { auth: { type: "HEADER", key: "Authorization", value: "" } }),
      ),
    ).toHaveLength(1);
  });
  it("refuses an inline hook without auth", () => {
    expect(check("hooks-authenticate", hook(TYPES.inlineHook, { auth: null }))).toHaveLength(1);
  });
});

describe("secrets-are-secret", () => {
  it("passes secret hook auth values and secret Worker bindings", () => {
    const hook = resource(TYPES.eventHook, "events", {
      auth: { type: "HEADER", key: "Authorization", value: "[secret]" },
    });
    const worker = resource(TYPES.workersScript, "hook-receiver", {
      bindings: [
        { name: "HOOK_SECRET", type: "secret_text", text: "[secret]" },
        { name: "OKTA_ORG_URL", type: "plain_text", text: "https://acme.okta.com" },
      ],
    });
    expect(check("secrets-are-secret", hook)).toEqual([]);
    expect(check("secrets-are-secret", worker)).toEqual([]);
    // The SDK wraps the nearest container: the whole bindings list is secret.
    const wrapped = resource(TYPES.workersScript, "hook-receiver", { bindings: "[secret]" });
    expect(check("secrets-are-secret", wrapped)).toEqual([]);
  });
  it("refuses a plain-text hook auth value", () => {
    const hook = resource(TYPES.inlineHook, "telephony", {
      auth: { type: "HEADER", key: "Authorization", value: "hunter2" },
    });
    expect(check("secrets-are-secret", hook)).toEqual(["auth.value is plain text"]);
  });
  it("refuses plain-text secret_text and secret_key bindings", () => {
    const worker = resource(TYPES.workersScript, "hook-receiver", {
      bindings: [
        { name: "HOOK_SECRET", type: "secret_text", text: "hunter2" },
        { name: "SIGNING_KEY", type: "secret_key", keyJwk: '{"kty":"oct"}', format: "jwk" },
      ],
    });
    expect(check("secrets-are-secret", worker)).toEqual([
      'binding "HOOK_SECRET" (secret_text) has a plain-text text',
      'binding "SIGNING_KEY" (secret_key) has a plain-text keyJwk',
    ]);
  });
  it("refuses a plain channelJson that carries a credential", () => {
    const channelJson = JSON.stringify({
      type: "HTTP",
      config: {
        uri: "https://h",
        authScheme: { type: "HEADER", key: "Authorization", value: "x" },
      },
    });
    expect(
      check("secrets-are-secret", resource(TYPES.inlineHook, "telephony", { channelJson })),
    ).toEqual(["channelJson carries a credential but is plain text"]);
  });
});

describe("prod-protects-credentials", () => {
  const token = (protect: boolean, retainOnDelete: boolean | null) =>
    resource(
      TYPES.apiToken,
      "servicenow-token",
      { idProperty: "00T1a2b3c4d5e6f7g8h9", name: "servicenow" },
      { protect, retainOnDelete },
    );

  it("passes protected service apps and protected, retained API tokens in prod", () => {
    expect(check("prod-protects-credentials", serviceApp({}, { protect: true }), prod)).toEqual([]);
    expect(check("prod-protects-credentials", token(true, true), prod)).toEqual([]);
  });
  it("does not ask dev to protect anything", () => {
    expect(check("prod-protects-credentials", serviceApp(), dev)).toEqual([]);
    expect(check("prod-protects-credentials", token(false, false), dev)).toEqual([]);
  });
  it("refuses an unprotected prod service app", () => {
    expect(check("prod-protects-credentials", serviceApp(), prod)).toEqual([
      "prod service app is not protected: a stray delete would break it",
    ]);
  });
  it("refuses a prod API token that a delete would revoke", () => {
    expect(check("prod-protects-credentials", token(true, false), prod)).toEqual([
      "prod API token is not retained on delete: removing it from the stack revokes it",
    ]);
    expect(check("prod-protects-credentials", token(false, false), prod)).toHaveLength(2);
  });
  it("checks protect only where the engine does not report retainOnDelete (the pack)", () => {
    expect(check("prod-protects-credentials", token(true, null), prod)).toEqual([]);
  });
  it("treats a stack named prod as prod when its config cannot be read", () => {
    expect(
      check("prod-protects-credentials", serviceApp(), contextWithoutConfig("prod")),
    ).toHaveLength(1);
  });
});

describe("implicit-grant-only-where-required", () => {
  const app = (name: string, grantTypes: string[]) =>
    resource(TYPES.oauthApp, name, {
      type: "web",
      grantTypes,
      redirectUris: ["https://acme.service-now.com/oauth_redirect.do"],
    });

  it("is advisory", () => {
    const [finding] = evaluateRules([app("portal", ["implicit"])], dev);
    expect(finding?.enforcementLevel).toBe("advisory");
  });
  it("passes the ServiceNow OAuth preset, which requires implicit", () => {
    const sn = app("servicenow-spoke", ["authorization_code", "refresh_token", "implicit"]);
    expect(check("implicit-grant-only-where-required", sn)).toEqual([]);
  });
  it("passes an app without the implicit grant", () => {
    const a = app("portal", ["authorization_code", "refresh_token"]);
    expect(check("implicit-grant-only-where-required", a)).toEqual([]);
  });
  it("flags implicit anywhere else, including ServiceNow when the stack uses API-key auth", () => {
    expect(check("implicit-grant-only-where-required", app("portal", ["implicit"]))).toEqual([
      "enables the implicit grant, which this app's preset does not require",
    ]);
    const apiKey = contextFromConfig(
      "dev",
      config("dev", { connectors: { servicenowSpoke: { instance: "acme", auth: "api-key" } } }),
    );
    const sn = app("servicenow-spoke", ["authorization_code", "implicit"]);
    expect(check("implicit-grant-only-where-required", sn, apiKey)).toHaveLength(1);
  });
});

describe("evaluateRules", () => {
  it("reports in rule order then URN order, whatever the registration order", () => {
    const a = resource(TYPES.eventHook, "a", { channel: { uri: "http://a" } });
    const b = resource(TYPES.eventHook, "b", { channel: { uri: "http://b" } });
    const names = (rs: CheckedResource[]) =>
      evaluateRules(rs, dev).map((f) => `${f.policy}:${f.name}`);
    expect(names([b, a])).toEqual(names([a, b]));
    expect(names([b, a])).toEqual([
      "https-only-uris:a",
      "https-only-uris:b",
      "hooks-authenticate:a",
      "hooks-authenticate:b",
    ]);
  });
  it("ignores resource types no rule reads", () => {
    const provider = resource("pulumi:providers:okta", "okta", { orgName: "acme" });
    expect(evaluateRules([provider], prod)).toEqual([]);
  });
});
