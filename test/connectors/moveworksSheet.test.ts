// Moveworks' sheets against its two seeds: the Agent Studio table (JWT), parsed row by row from
// the Markdown, and the Okta system connector steps (API key). Every seed row has an explicit
// expectation here, so a row added to or renamed in the seed fails until the sheet follows.

import { describe, expect, it } from "vitest";
import {
  apiKeyAccountRoles,
  ASSERTION_LIFETIME_SECONDS,
  moveworksApiKeyBundle,
  moveworksJwtBundle,
  moveworksManualSteps,
  MOVEWORKS_FORMS,
  moveworksServiceApp,
  type MoveworksJwtValues,
} from "../../components/connectors/moveworks/sheet";
import { connectorContext } from "../../components/connectors/sheet";
import { CAPABILITIES } from "../../components/capabilities";
import { DEV_ORG_URL, devConfig, TEST_SECRETS } from "./support/config";
import { between, formLabel, lines, markdownTableRows, readSeed } from "./support/seeds";

const jwtSeed = readSeed("moveworks-agent-studio-okta-jwt-connector.txt");
const accessSeed = readSeed("moveworks-okta-access-requirements.txt");

const config = devConfig();
const ctx = connectorContext("dev", config);
const TOKEN_URL = `${DEV_ORG_URL}/oauth2/v1/token`;
const values: MoveworksJwtValues = {
  environment: "dev",
  orgUrl: DEV_ORG_URL,
  clientId: "0oaMoveworks42",
  kid: "kid-rfc7638-thumbprint",
  algorithm: "RS256",
  tokenUrl: TOKEN_URL,
  audience: TOKEN_URL,
  scopes: ["okta.apps.read", "okta.users.read"],
  privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n",
};

describe("Moveworks Agent Studio connector (JWT)", () => {
  const bundle = moveworksJwtBundle(
    values,
    moveworksManualSteps(ctx, config.connectors.moveworks!),
  );
  const rows = markdownTableRows(
    between(
      jwtSeed,
      "fill out the connector configuration accordingly in Agent Studio:",
      "Click on **Save** to submit",
    ),
  );
  const seedValue = (cell: string) => cell.replace(/`/g, "");
  const instance = (cell: string) =>
    seedValue(cell).replace("https://{YOUR_INSTANCE}.okta.com", DEV_ORG_URL);

  /** What each seed row's value must be, given the seed's value cell. */
  const EXPECT: Record<string, (seedCell: string) => string> = {
    "Connection Name": () => "Okta (oktaplane dev)",
    Description: () =>
      "Okta Admin API as service app 0oaMoveworks42 (private_key_jwt), by oktaplane",
    "Base URL": (cell) => /\((e\.g\., )?(.+)\)/.exec(instance(cell))![2]!,
    "Auth Config": seedValue,
    "Private Key": () => values.privateKeyPem,
    "Client ID": () => values.clientId,
    KID: () => values.kid,
    "Jwt Auth Algorithm": seedValue,
    // Seed: 3600, Okta's ceiling for a client assertion; ours is shorter on purpose.
    "Jwt Auth Claims Expiry Seconds": () => String(ASSERTION_LIFETIME_SECONDS),
    "Jwt Auth Claims Issuer": () => values.clientId,
    "Jwt Auth Claims Subject": () => values.clientId,
    "Jwt Auth Claims Audience": instance,
    "Jwt Auth Oauth2 Access Token Request URL": instance,
    "Assertion Key": seedValue,
    Accept: seedValue,
    "Content-Type": seedValue,
    client_assertion_type: seedValue,
    // Seed: one example scope; ours: every granted scope, space-separated.
    scope: () => values.scopes.join(" "),
    grant_type: seedValue,
  };

  it("has the seed table's rows, in order, under the form's labels", () => {
    expect(rows.length).toBe(19);
    expect(bundle.fields.map((f) => f.name)).toEqual(rows.map((r) => formLabel(r[0]!)));
    expect(Object.keys(EXPECT)).toEqual(rows.map((r) => formLabel(r[0]!)));
    expect(bundle.fields.every((f) => f.form === MOVEWORKS_FORMS.jwt)).toBe(true);
  });

  it.each(rows.map((r) => [formLabel(r[0]!), r[1]!] as const))("%s", (name, cell) => {
    const f = bundle.fields.find((x) => x.name === name)!;
    expect(f.value).toBe(EXPECT[name]!(cell));
  });

  it("the seed's one example scope is among what the app requests", () => {
    const seedScope = rows.find((r) => r[0] === "scope")![1]!;
    expect(bundle.fields.find((f) => f.name === "scope")!.value.split(" ")).toContain(seedScope);
  });

  it("names the ES256 option for an EC key", () => {
    const es = moveworksJwtBundle({ ...values, algorithm: "ES256" }, []);
    expect(es.fields.find((f) => f.name === "Jwt Auth Algorithm")!.value).toBe(
      "JWT_ALGORITHM_ES256",
    );
  });

  it("keeps the assertion lifetime within Okta's one hour", () => {
    expect(ASSERTION_LIFETIME_SECONDS).toBeGreaterThan(0);
    expect(ASSERTION_LIFETIME_SECONDS).toBeLessThan(3600);
  });

  it("marks only the private key secret", () => {
    expect(bundle.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(["Private Key"]);
  });
});

describe("Moveworks service app (JWT)", () => {
  it("holds the guide's scopes and the chosen capabilities, DPoP off, groups kept", () => {
    const app = moveworksServiceApp(ctx, config.connectors.moveworks!);
    expect(app.capabilities).toEqual([
      "moveworks-scopes",
      "read-only",
      "software-provisioning",
      "password-mfa-help",
    ]);
    expect(app.requireDpop).toBe(false);
    expect(app.groups).toEqual(["00g1a2b3c4d5e6f7g8h9", "00g9h8g7f6e5d4c3b2a1"]);
    expect(app.keys).toEqual({ primary: { algorithm: "RS256" } });
  });

  it("grants the ten scopes the access-requirements seed lists", () => {
    const listed = lines(
      between(accessSeed, "grant consent for them:", "The changes should reflect"),
    );
    expect([...CAPABILITIES["moveworks-scopes"].scopes].sort()).toEqual([...listed].sort());
  });
});

describe("Moveworks Okta system connector (API key)", () => {
  const apiKey = devConfig({
    connectors: (c) => {
      c.moveworks.auth = "api-key";
      delete c.moveworks.groups;
    },
  });
  const mw = apiKey.connectors.moveworks!;
  const bundle = moveworksApiKeyBundle(
    { environment: "dev", orgUrl: DEV_ORG_URL, apiToken: TEST_SECRETS.oktaApiToken },
    moveworksManualSteps(ctx, mw),
  );
  const steps = between(
    accessSeed,
    "Configure in Moveworks Setup",
    "Your Okta Connector is now ready",
  );

  it("fills the fields the seed's steps name, in their order", () => {
    // Each field and the seed's phrase for it.
    const phrases: [string, string][] = [
      ["Connection Name", "name of the connection"],
      ["Base URL", "Base URL"],
      ["Authentication Type", "Authentication Type as API Key Auth"],
      ["API Key", "API Key field"],
    ];
    expect(bundle.fields.map((f) => f.name)).toEqual(phrases.map(([n]) => n));
    const at = phrases.map(([, p]) => steps.indexOf(p));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("hands over the bare token (the seed: enter the API Token), secret", () => {
    const f = bundle.fields.find((x) => x.name === "API Key")!;
    expect(f).toMatchObject({ value: TEST_SECRETS.oktaApiToken, secret: true });
    expect(bundle.fields.find((x) => x.name === "Authentication Type")!.value).toBe("API Key Auth");
    expect(bundle.fields.find((x) => x.name === "Base URL")!.value).toBe(DEV_ORG_URL);
  });

  it("lists the roles of the seed's Required Permissions for the chosen capabilities", () => {
    expect(apiKeyAccountRoles(["read-only"])).toEqual(["Read-only Administrator"]);
    expect(apiKeyAccountRoles(["software-provisioning"])).toEqual([
      "Group Administrator",
      "Application Administrator",
    ]);
    expect(apiKeyAccountRoles(["password-mfa-help"])).toEqual([
      "Help Desk Administrator",
      "Report Administrator",
    ]);
    // The seed's names, shortened the same way ("Group Admin", "Help Desk Admin", …).
    for (const role of [
      "Read-only Admin",
      "Group Admin",
      "App Admin",
      "Help Desk Admin",
      "Report Admin",
    ])
      expect(accessSeed).toContain(role);
    expect(bundle.manualSteps.join("\n")).toContain("no API can create one");
  });
});
