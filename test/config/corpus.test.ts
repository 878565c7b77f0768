// Malformed configurations: each is rejected before the program registers any resource, with
// a problem that names the key and says what is allowed (the messages documented in
// docs/CONFIG.md). Runs the real program under Pulumi's mock runtime.

import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { drainRegistrations } from "../../cli/lib/evaluate";
import { ConfigError } from "../../config/errors";
import { main } from "../../program";
import { editKey, exampleStack, type Values } from "../helpers/stackValues";

const SECRETS = {
  oktaApiToken: "00corpus-okta-token-value",
  twilioAuthToken: "corpus-twilio-token",
};

interface Case {
  name: string;
  values: (base: Values) => Values;
  /** Secret keys; default: the base stack's. */
  secretKeys?: (base: Set<string>) => Set<string>;
  key: string;
  message: RegExp;
}

const app = (v: Values, edit: (a: any) => void) =>
  editKey(v, "serviceApps", (apps) => {
    edit(apps.reporting);
  });
const connectors = (v: Values, edit: (c: any) => void) =>
  editKey(v, "connectors", (c) => {
    edit(c);
  });
const receiver = (v: Values, edit: (r: any) => void) =>
  editKey(v, "hookReceiver", (r) => {
    edit(r);
  });
const without = (v: Values, key: string) => {
  const { [`oktaplane:${key}`]: _removed, ...rest } = v;
  return rest;
};

const CASES: Case[] = [
  {
    name: "environment missing",
    values: (v) => without(v, "environment"),
    key: "oktaplane:environment",
    message: /expected one of "dev"\|"staging"\|"prod"/,
  },
  {
    name: "unknown environment",
    values: (v) => ({ ...v, "oktaplane:environment": "qa" }),
    key: "oktaplane:environment",
    message: /expected one of "dev"\|"staging"\|"prod"/,
  },
  {
    name: "okta block missing",
    values: (v) => without(v, "okta"),
    key: "oktaplane:okta",
    message: /is required/,
  },
  {
    name: "org name with scheme",
    values: (v) => editKey(v, "okta", (o) => void (o.orgName = "https://dev-1.okta.com")),
    key: "oktaplane:okta.orgName",
    message: /org name only/,
  },
  {
    name: "org name with domain",
    values: (v) => editKey(v, "okta", (o) => void (o.orgName = "acme.okta.com")),
    key: "oktaplane:okta.orgName",
    message: /org name only/,
  },
  {
    name: "org name wrong type",
    values: (v) => editKey(v, "okta", (o) => void (o.orgName = 1234)),
    key: "oktaplane:okta.orgName",
    message: /expected string/,
  },
  {
    name: "unknown Okta base domain",
    values: (v) => editKey(v, "okta", (o) => void (o.baseUrl = "okta.org")),
    key: "oktaplane:okta.baseUrl",
    message: /expected one of "okta.com"/,
  },
  {
    name: "unknown org engine",
    values: (v) => editKey(v, "okta", (o) => void (o.engine = "legacy")),
    key: "oktaplane:okta.engine",
    message: /expected one of "oie"\|"classic"/,
  },
  {
    name: "rate-limit capacity over 100",
    values: (v) => editKey(v, "okta", (o) => void (o.rateLimit = { maxApiCapacity: 150 })),
    key: "oktaplane:okta.rateLimit.maxApiCapacity",
    message: /<=100/,
  },
  {
    name: "request timeout shorter than throttle wait",
    values: (v) =>
      editKey(v, "okta", (o) => void (o.rateLimit = { requestTimeout: 60, maxWaitSeconds: 120 })),
    key: "oktaplane:okta.rateLimit.requestTimeout",
    message: /longer than maxWaitSeconds \(120\)/,
  },
  {
    name: "rate-limit key misspelt",
    values: (v) => editKey(v, "okta", (o) => void (o.rateLimit = { maxRetires: 3 })),
    key: "oktaplane:okta.rateLimit.maxRetires",
    message:
      /unknown key \(did you mean "maxRetries"\?\); allowed keys: maxApiCapacity, maxRetries/,
  },
  {
    name: "unknown top-level key (typo)",
    values: (v) => ({ ...v, "oktaplane:serviceapps": "{}" }),
    key: "oktaplane:serviceapps",
    message:
      /unknown key \(did you mean "serviceApps"\?\); allowed keys: environment, okta, serviceApps/,
  },
  {
    name: "structured key given as a scalar",
    values: (v) => ({ ...v, "oktaplane:okta": "dev-123" }),
    key: "oktaplane:okta",
    message: /must be a YAML mapping/,
  },
  {
    name: "unknown capability",
    values: (v) => app(v, (a) => (a.capabilities = ["read-everything"])),
    key: "oktaplane:serviceApps.reporting.capabilities[0]",
    message: /expected one of "read-only"\|"software-provisioning"/,
  },
  {
    name: "capabilities not a list",
    values: (v) => app(v, (a) => (a.capabilities = "read-only")),
    key: "oktaplane:serviceApps.reporting.capabilities",
    message: /expected array/,
  },
  {
    name: "no capabilities",
    values: (v) => app(v, (a) => (a.capabilities = [])),
    key: "oktaplane:serviceApps.reporting.capabilities",
    message: />=1 items/,
  },
  {
    name: "duplicate capability",
    values: (v) => app(v, (a) => (a.capabilities = ["read-only", "read-only"])),
    key: "oktaplane:serviceApps.reporting.capabilities[1]",
    message: /duplicate capability "read-only"/,
  },
  {
    name: "bad service app name",
    values: (v) =>
      editKey(v, "serviceApps", (apps) => ({
        ...apps,
        "Bad App": { capabilities: ["read-only"] },
      })),
    key: "oktaplane:serviceApps.Bad App",
    message: /name must be 2-40 lowercase letters/,
  },
  {
    name: "duplicate app labels",
    values: (v) =>
      editKey(v, "serviceApps", (apps) => ({
        ...apps,
        copy: { label: apps.reporting.label, capabilities: ["read-only"] },
      })),
    key: "oktaplane:serviceApps.copy.label",
    message: /duplicate app label .* also used by serviceApps.reporting/,
  },
  {
    name: "unknown service app key",
    values: (v) => app(v, (a) => (a.scopes = ["okta.users.manage"])),
    key: "oktaplane:serviceApps.reporting.scopes",
    message:
      /unknown key; allowed keys: label, capabilities, groups, requireDpop, keys, activeKey, allowBroadRoles/,
  },
  {
    name: "bad group id",
    values: (v) => app(v, (a) => (a.groups = ["Everyone"])),
    key: "oktaplane:serviceApps.reporting.groups[0]",
    message: /Okta group id/,
  },
  {
    name: "duplicate group",
    values: (v) => app(v, (a) => (a.groups = ["00g1a2b3c4d5e6f7g8h9", "00g1a2b3c4d5e6f7g8h9"])),
    key: "oktaplane:serviceApps.reporting.groups[1]",
    message: /duplicate group/,
  },
  {
    name: "unknown key algorithm",
    values: (v) => app(v, (a) => (a.keys = { k1: { algorithm: "HS256" } })),
    key: "oktaplane:serviceApps.reporting.keys.k1.algorithm",
    message: /expected one of "RS256"\|"ES256"/,
  },
  {
    name: "several keys without activeKey",
    values: (v) => app(v, (a) => (a.keys = { k1: {}, k2: {} })),
    key: "oktaplane:serviceApps.reporting.activeKey",
    message: /required when an app holds several keys; one of: k1, k2/,
  },
  {
    name: "activeKey names no key",
    values: (v) => app(v, (a) => ((a.keys = { k1: {} }), (a.activeKey = "k9"))),
    key: "oktaplane:serviceApps.reporting.activeKey",
    message: /names no key of this app; allowed: k1/,
  },
  {
    name: "requireDpop not a boolean",
    values: (v) => app(v, (a) => (a.requireDpop = "yes")),
    key: "oktaplane:serviceApps.reporting.requireDpop",
    message: /expected boolean/,
  },
  {
    name: "unknown broad-role opt-in",
    values: (v) => app(v, (a) => (a.allowBroadRoles = ["GOD_MODE"])),
    key: "oktaplane:serviceApps.reporting.allowBroadRoles[0]",
    message: /expected one of .*SUPER_ADMIN/,
  },
  {
    name: "private key pasted into config",
    values: (v) => app(v, (a) => (a.privateKey = "-----BEGIN PRIVATE KEY-----")),
    key: "oktaplane:serviceApps.reporting.privateKey",
    message: /Secrets are never structured config/,
  },
  {
    name: "secret given in plain text",
    values: (v) => ({ ...v, "oktaplane:twilioAuthToken": "plain-text-token" }),
    secretKeys: (s) => new Set([...s].filter((k) => k !== "oktaplane:twilioAuthToken")),
    key: "oktaplane:twilioAuthToken",
    message: /stored in plain text: .*pulumi config set --secret oktaplane:twilioAuthToken/,
  },
  {
    name: "Twilio auth token inside connector config",
    values: (v) => connectors(v, (c) => (c.twilioVerify.authToken = "abc")),
    key: "oktaplane:connectors.twilioVerify.authToken",
    message: /unknown key.*Secrets are never structured config/,
  },
  {
    name: "unknown connector",
    values: (v) => connectors(v, (c) => (c.zendesk = {})),
    key: "oktaplane:connectors.zendesk",
    message:
      /unknown key; allowed keys: servicenowSpoke, servicenowVoiceAgent, moveworks, twilioVerify/,
  },
  {
    name: "ServiceNow instance with scheme",
    values: (v) =>
      connectors(v, (c) => (c.servicenowSpoke.instance = "https://acme.service-now.com")),
    key: "oktaplane:connectors.servicenowSpoke.instance",
    message: /instance name only/,
  },
  {
    name: "ServiceNow auth mode unknown",
    values: (v) => connectors(v, (c) => (c.servicenowSpoke.auth = "basic")),
    key: "oktaplane:connectors.servicenowSpoke.auth",
    message: /expected one of "oauth"\|"api-key"/,
  },
  {
    name: "Moveworks with DPoP forced on",
    values: (v) => connectors(v, (c) => (c.moveworks.requireDpop = true)),
    key: "oktaplane:connectors.moveworks.requireDpop",
    message: /Moveworks cannot send DPoP proofs/,
  },
  {
    name: "Moveworks unknown capability",
    values: (v) => connectors(v, (c) => (c.moveworks.capabilities = ["super-admin"])),
    key: "oktaplane:connectors.moveworks.capabilities[0]",
    message: /expected one of "read-only"\|"software-provisioning"\|"password-mfa-help"/,
  },
  {
    name: "ServiceNow API token id given with OAuth",
    values: (v) => connectors(v, (c) => (c.servicenowSpoke.apiTokenId = "00T1fxzubpqiepH11d38")),
    key: "oktaplane:connectors.servicenowSpoke.apiTokenId",
    message: /only applies with auth: api-key \(the OAuth web app uses no API token\)/,
  },
  {
    name: "ServiceNow network zone given with OAuth",
    values: (v) => connectors(v, (c) => (c.servicenowSpoke.networkZoneId = "nzonkw1sfwwi79Hat2d7")),
    key: "oktaplane:connectors.servicenowSpoke.networkZoneId",
    message: /only applies with auth: api-key/,
  },
  {
    name: "ServiceNow network zone without the token to restrict",
    values: (v) =>
      connectors(v, (c) => {
        c.servicenowSpoke.auth = "api-key";
        c.servicenowSpoke.networkZoneId = "nzonkw1sfwwi79Hat2d7";
      }),
    key: "oktaplane:connectors.servicenowSpoke.networkZoneId",
    message: /needs apiTokenId/,
  },
  {
    name: "ServiceNow API token id malformed",
    values: (v) =>
      connectors(v, (c) => {
        c.servicenowSpoke.auth = "api-key";
        c.servicenowSpoke.apiTokenId = "SSWS 00abc";
      }),
    key: "oktaplane:connectors.servicenowSpoke.apiTokenId",
    message: /must be an Okta API token id \(00T…\)/,
  },
  {
    name: "Moveworks auth mode unknown",
    values: (v) => connectors(v, (c) => (c.moveworks.auth = "oauth")),
    key: "oktaplane:connectors.moveworks.auth",
    message: /expected one of "jwt"\|"api-key"/,
  },
  {
    name: "Moveworks groups without software-provisioning",
    values: (v) => connectors(v, (c) => (c.moveworks.capabilities = ["read-only"])),
    key: "oktaplane:connectors.moveworks.groups",
    message: /constrain software-provisioning only: add it to capabilities or remove groups/,
  },
  {
    name: "two Twilio telephony providers (config holds one)",
    values: (v) => connectors(v, (c) => (c.twilioVerify = [c.twilioVerify, { ...c.twilioVerify }])),
    key: "oktaplane:connectors.twilioVerify",
    message: /expected object/,
  },
  {
    name: "service app key taken by a connector's app",
    values: (v) =>
      editKey(v, "serviceApps", (apps) => ({
        ...apps,
        "hook-receiver": { capabilities: ["read-users"] },
      })),
    key: "oktaplane:serviceApps.hook-receiver",
    message: /name is taken by the app of connectors.twilioVerify; choose another key/,
  },
  {
    name: "Twilio Account SID malformed",
    values: (v) => connectors(v, (c) => (c.twilioVerify.accountSid = "AC123")),
    key: "oktaplane:connectors.twilioVerify.accountSid",
    message: /Twilio Account SID \(AC \+ 32 hex\)/,
  },
  {
    name: "Verify Service SID malformed",
    values: (v) =>
      connectors(
        v,
        (c) => (c.twilioVerify.verifyServiceSid = "MG0123456789abcdef0123456789abcdef"),
      ),
    key: "oktaplane:connectors.twilioVerify.verifyServiceSid",
    message: /Verify Service SID/,
  },
  {
    name: "Twilio Verify without a hook receiver",
    values: (v) => without(v, "hookReceiver"),
    key: "oktaplane:hookReceiver",
    message: /required when connectors.twilioVerify is enabled/,
  },
  {
    name: "receiver with two routes",
    values: (v) =>
      receiver(
        v,
        (r) =>
          (r.customDomain = {
            zoneId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            hostname: "hooks.example.com",
          }),
      ),
    key: "oktaplane:hookReceiver",
    message: /exactly one of workersDevSubdomain, customDomain or externalUrl/,
  },
  {
    name: "external receiver over http",
    values: (v) =>
      receiver(v, (r) => {
        delete r.workersDevSubdomain;
        r.externalUrl = "http://hooks.example.com/okta";
      }),
    key: "oktaplane:hookReceiver.externalUrl",
    message: /must be an https:\/\/ URL/,
  },
  {
    name: "custom domain given as URL",
    values: (v) =>
      receiver(v, (r) => {
        delete r.workersDevSubdomain;
        r.customDomain = {
          zoneId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
          hostname: "https://hooks.example.com",
        };
      }),
    key: "oktaplane:hookReceiver.customDomain.hostname",
    message: /DNS hostname .*\(no scheme/,
  },
  {
    name: "Cloudflare account id malformed",
    values: (v) => receiver(v, (r) => (r.cloudflareAccountId = "acme")),
    key: "oktaplane:hookReceiver.cloudflareAccountId",
    message: /Cloudflare account id: 32 lowercase hex/,
  },
  {
    name: "compatibility date not a date",
    values: (v) => receiver(v, (r) => (r.compatibilityDate = "next week")),
    key: "oktaplane:hookReceiver.compatibilityDate",
    message: /date/i,
  },
];

const registered: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(`${args.type}::${args.name}`);
      return { id: undefined, state: {} };
    },
    call: () => ({}),
  },
  "oktaplane",
  "dev",
  // A preview, as `pulumi preview` and `plan` run it: values computed at deploy time stay unknown.
  true,
);

async function runProgram(values: Values, secretKeys: Set<string>): Promise<unknown> {
  pulumi.runtime.setAllConfig(values, [...secretKeys]);
  try {
    await main({ missingSecrets: "fail" });
  } catch (e) {
    return e;
  } finally {
    // Registrations finish after main() returns: drain them, so none lands in the next case.
    await drainRegistrations();
  }
  return undefined;
}

describe("malformed stack configuration", () => {
  it("the corpus has at least 30 cases and the example dev stack itself is valid", async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const base = exampleStack("dev", SECRETS);
    expect(await runProgram(base.values, base.secretKeys)).toBeUndefined();
    registered.length = 0;
  });

  it.each(CASES)("$name → $key", async (c) => {
    const base = exampleStack("dev", SECRETS);
    const values = c.values(base.values);
    const secretKeys = c.secretKeys ? c.secretKeys(base.secretKeys) : base.secretKeys;
    registered.length = 0;
    const error = await runProgram(values, secretKeys);

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const problem = problems.find((p) => p.key === c.key);
    expect(problem, `problems were: ${JSON.stringify(problems)}`).toBeDefined();
    expect(problem!.message).toMatch(c.message);
    expect(registered).toEqual([]);
    // No secret value ever appears in an error, whatever key it was put under.
    const text = (error as Error).message;
    for (const secret of [
      ...Object.values(SECRETS),
      "plain-text-token",
      "-----BEGIN PRIVATE KEY-----",
    ])
      expect(text).not.toContain(secret);
  });

  it("reports every problem at once, sorted by key", async () => {
    const base = exampleStack("dev", SECRETS);
    let values = editKey(base.values, "okta", (o) => void (o.orgName = "https://x"));
    values = { ...values, "oktaplane:environment": "qa" };
    const error = (await runProgram(values, base.secretKeys)) as ConfigError;
    expect(error.problems.map((p) => p.key)).toEqual([
      "oktaplane:environment",
      "oktaplane:okta.orgName",
    ]);
    expect(error.message).toMatch(/^stack dev: 2 configuration problems; nothing was created:/);
  });

  it("a required secret that is not set fails `pulumi up` with the command to set it", async () => {
    const base = exampleStack("dev", { oktaApiToken: "t" });
    const values = without(base.values, "twilioAuthToken");
    const error = (await runProgram(values, base.secretKeys)) as ConfigError;
    expect(error.problems).toEqual([
      {
        key: "oktaplane:twilioAuthToken",
        message:
          "required by connectors.twilioVerify; set it with: pulumi config set --secret oktaplane:twilioAuthToken --stack dev",
      },
    ]);
  });
});
