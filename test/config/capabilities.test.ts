// oktaplane:capabilities in stack config: a valid definition parses and apps may name it; every
// refusal names the full key, the bad value and what is allowed; apps naming custom capabilities
// are checked against the stack's catalog even when other keys are wrong too.

import { describe, expect, it } from "vitest";
import { envSpecificPatterns } from "../../cli/lib/envSpecific";
import { CAPABILITY_NAMES } from "../../components/capabilities";
import { ConfigError, type ConfigProblem } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";

const G1 = "00g1a2b3c4d5e6f7g8h9";
const SIEM = {
  description: "Read the System Log for the SIEM",
  scopes: ["okta.logs.read"],
  roles: ["REPORT_ADMIN"],
};

function parse(capabilities: unknown, serviceApps: unknown = {}, okta: unknown = undefined) {
  return parseStackConfig({
    stack: "dev",
    values: {
      "oktaplane:environment": "dev",
      "oktaplane:okta": JSON.stringify(okta ?? { orgName: "dev-123456", baseUrl: "okta.com" }),
      "oktaplane:capabilities": JSON.stringify(capabilities),
      "oktaplane:serviceApps": JSON.stringify(serviceApps),
    },
    secretKeys: new Set(),
  });
}

function problems(...args: Parameters<typeof parse>): ConfigProblem[] {
  try {
    parse(...args);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("the config parsed");
}

describe("a valid custom capability", () => {
  it("parses with its defaults, and a service app may name it beside built-in ones", () => {
    const { config } = parse(
      {
        "siem-export": SIEM,
        "eu-helpdesk": {
          description: "Reset passwords of the EU groups' members",
          customRole: {
            permissions: ["okta.users.credentials.resetPassword"],
            resources: { kind: "group-members", ids: [G1] },
          },
        },
      },
      { siem: { capabilities: ["siem-export", "read-only"] } },
    );
    expect(config.capabilities).toEqual({
      "siem-export": SIEM,
      "eu-helpdesk": {
        description: "Reset passwords of the EU groups' members",
        scopes: [],
        roles: [],
        customRole: {
          permissions: ["okta.users.credentials.resetPassword"],
          resources: { kind: "group-members", ids: [G1] },
        },
      },
    });
    expect(config.serviceApps["siem"]!.capabilities).toEqual(["siem-export", "read-only"]);
  });

  it("is optional: a stack without one has none", () => {
    const { config } = parseStackConfig({
      stack: "dev",
      values: {
        "oktaplane:environment": "dev",
        "oktaplane:okta": JSON.stringify({ orgName: "dev-123456", baseUrl: "okta.com" }),
      },
      secretKeys: new Set(),
    });
    expect(config.capabilities).toEqual({});
  });

  it("marks its resource ids environment-specific, so promote never copies them", () => {
    expect(envSpecificPatterns()).toContainEqual([
      "capabilities",
      "*",
      "customRole",
      "resources",
      "ids",
    ]);
  });
});

describe("refusals name the key, the value and what is allowed", () => {
  it("an unknown scope, with its near miss", () => {
    expect(problems({ "siem-export": { ...SIEM, scopes: ["okta.log.read"] } })).toEqual([
      {
        key: "oktaplane:capabilities.siem-export.scopes[0]",
        message:
          'not an Okta API scope (did you mean "okta.logs.read"?); allowed: one of Okta\'s 116 published scopes (docs/CAPABILITIES.md lists them)',
        value: '"okta.log.read"',
      },
    ]);
  });

  it("a broad role, unless the app opts in by name", () => {
    const breakGlass = { "break-glass": { description: "Break glass", roles: ["ORG_ADMIN"] } };
    expect(problems(breakGlass, { bg: { capabilities: ["break-glass"] } })).toEqual([
      {
        key: "oktaplane:serviceApps.bg.capabilities[0]",
        message:
          "assigns ORG_ADMIN, a broad role: opt in by name with allowBroadRoles: [ORG_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN)",
        value: '"break-glass"',
      },
    ]);
    const { config } = parse(breakGlass, {
      bg: { capabilities: ["break-glass"], allowBroadRoles: ["ORG_ADMIN"] },
    });
    expect(config.serviceApps["bg"]!.allowBroadRoles).toEqual(["ORG_ADMIN"]);
  });

  it("a name that shadows a built-in capability", () => {
    expect(problems({ "read-only": SIEM })).toEqual([
      {
        key: "oktaplane:capabilities.read-only",
        message: `shadows the built-in capability read-only: choose another name (built-in: ${CAPABILITY_NAMES.join(", ")})`,
      },
    ]);
  });

  it("an unknown custom-role permission, with its near miss and its family", () => {
    const def = {
      description: "Help desk",
      customRole: {
        permissions: ["okta.users.credentials.resetPasword"],
        resources: { kind: "users" },
      },
    };
    const [problem, ...rest] = problems({ helpdesk: def });
    expect(rest).toEqual([]);
    expect(problem!.key).toBe("oktaplane:capabilities.helpdesk.customRole.permissions[0]");
    expect(problem!.value).toBe('"okta.users.credentials.resetPasword"');
    expect(problem!.message).toMatch(
      /^not an Okta custom-role permission \(did you mean "okta\.users\.credentials\.resetPassword"\?\); allowed okta\.users\.\* permissions: okta\.users\.apitokens\.manage, /,
    );
  });

  it("an app naming a capability the stack does not define, with its near miss", () => {
    expect(problems({ "siem-export": SIEM }, { siem: { capabilities: ["siem-exprot"] } })).toEqual([
      {
        key: "oktaplane:serviceApps.siem.capabilities[0]",
        message: `unknown capability (did you mean "siem-export"?); expected one of ${[...CAPABILITY_NAMES, "siem-export"].map((n) => `"${n}"`).join("|")}`,
        value: '"siem-exprot"',
      },
    ]);
  });

  it("an unknown key inside a definition, with the keys it takes", () => {
    expect(problems({ "siem-export": { ...SIEM, scope: ["okta.logs.read"] } })).toEqual([
      {
        key: "oktaplane:capabilities.siem-export.scope",
        message: "unknown key; allowed keys: description, scopes, roles, customRole.",
      },
    ]);
  });

  it("every problem at once: definitions, apps naming custom capabilities, other keys", () => {
    const keys = problems(
      { "siem-export": { ...SIEM, scopes: ["okta.logs.write"], roles: ["REPORT_ADMN"] } },
      {},
      { orgName: "https://dev-1.okta.com" },
    ).map((p) => p.key);
    expect(keys).toEqual([
      "oktaplane:capabilities.siem-export.roles[0]",
      "oktaplane:capabilities.siem-export.scopes[0]",
      "oktaplane:okta.orgName",
    ]);
    // An app's own problem is reported even though another key is wrong.
    const withApp = problems(
      { "siem-export": SIEM },
      { siem: { capabilities: ["siem-export"], groups: [G1] } },
      { orgName: "https://dev-1.okta.com" },
    ).map((p) => p.key);
    expect(withApp).toEqual(["oktaplane:okta.orgName", "oktaplane:serviceApps.siem.groups"]);
  });
});
