// The ServiceNow Okta spoke's sheets against the seed's forms: "API Key Credentials" and
// "Connection" (API key), "Table 2. Configure Connection" (OAuth). Field names, order and values
// come from the seed text; a renamed, missing or extra field fails.

import { describe, expect, it } from "vitest";
import {
  servicenowSpokeApiKeyBundle,
  servicenowSpokeManualSteps,
  servicenowSpokeOAuthBundle,
  SPOKE_FORMS,
} from "../../components/connectors/servicenowSpoke/sheet";
import { connectorContext, sswsApiKey } from "../../components/connectors/sheet";
import type { BundleField } from "../../components/outputs";
import { DEV_ORG_URL, devConfig, TEST_SECRETS } from "./support/config";
import { between, lines, readSeed } from "./support/seeds";

const seed = readSeed("servicenow-okta-spoke-setup.txt");

/** The rows of one "Fill the form" table after `heading`; prose between rows is listed apart. */
function formRows(heading: string, continuation: RegExp = /$^/): string[] {
  const block = between(seed, "Field Value required", "5. Select Submit.", heading);
  return lines(block).filter((l) => !continuation.test(l));
}

function ofForm(fields: readonly BundleField[], form: string): BundleField[] {
  return fields.filter((f) => f.form === form);
}

/** Each seed row starts with the field's name, in the same order, and no row is left over. */
function expectRowsMatch(rows: string[], fields: readonly BundleField[]): void {
  expect(fields.map((f) => f.name)).toHaveLength(rows.length);
  rows.forEach((row, i) => expect(row.startsWith(`${fields[i]!.name} `), row).toBe(true));
}

const ctx = connectorContext("dev", devConfig());

describe("ServiceNow spoke, API key", () => {
  const config = devConfig({ connectors: (c) => void (c.servicenowSpoke.auth = "api-key") });
  const steps = servicenowSpokeManualSteps(ctx, config.connectors.servicenowSpoke!);
  const bundle = servicenowSpokeApiKeyBundle(
    { orgUrl: DEV_ORG_URL, apiToken: TEST_SECRETS.oktaApiToken },
    steps,
  );

  it("fills the API Key Credentials form, field by field", () => {
    // "To learn how to generate an API token…" continues the API Key row.
    const rows = formRows(
      "Create an API Key credential record for the Okta spoke",
      /^To learn how to generate/,
    );
    const fields = ofForm(bundle.fields, SPOKE_FORMS.credential);
    expectRowsMatch(rows, fields);
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ["Name", "Okta Credentials"],
      ["Active", "true"],
      ["API Key", `SSWS ${TEST_SECRETS.oktaApiToken}`],
      ["Applies to", "All MID Servers"],
      ["Order", "100"],
      ["Credential alias", "Okta (the Okta spoke's connection & credential alias)"],
    ]);
    // The seed's own wording for the value: "in the format SSWS <API token>".
    expect(rows.find((r) => r.startsWith("API Key "))).toContain("in the format SSWS <API token>");
  });

  it("fills the Connection form, selecting the credential it just named", () => {
    const rows = formRows("Create a connection record for the Okta spoke");
    const fields = ofForm(bundle.fields, SPOKE_FORMS.connection);
    expectRowsMatch(rows, fields);
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ["Name", "Okta Connection"],
      ["Credential", "Okta Credentials"],
      ["Connection URL", DEV_ORG_URL],
    ]);
  });

  it("the forms come in the seed's order and only the API key is secret", () => {
    expect([...new Set(bundle.fields.map((f) => f.form))]).toEqual([
      SPOKE_FORMS.credential,
      SPOKE_FORMS.connection,
    ]);
    expect(bundle.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(["API Key"]);
  });

  it("says the token cannot be created by an API and how to import and restrict it", () => {
    expect(steps.join("\n")).toMatch(/no API can create one/);
    expect(steps.join("\n")).toContain(
      "pulumi config set --secret oktaplane:oktaApiToken --stack dev",
    );
    const imported = devConfig({
      connectors: (c) => {
        c.servicenowSpoke.auth = "api-key";
        c.servicenowSpoke.apiTokenId = "00T1fxzubpqiepH11d38";
        c.servicenowSpoke.networkZoneId = "nzonkw1sfwwi79Hat2d7";
      },
    });
    const text = servicenowSpokeManualSteps(ctx, imported.connectors.servicenowSpoke!).join("\n");
    expect(text).toContain("imports API token 00T1fxzubpqiepH11d38");
    expect(text).toContain("restricts it to network zone nzonkw1sfwwi79Hat2d7");
  });
});

describe("ServiceNow spoke, OAuth", () => {
  const config = devConfig();
  const spoke = config.connectors.servicenowSpoke!;
  const bundle = servicenowSpokeOAuthBundle(
    {
      orgUrl: DEV_ORG_URL,
      instance: spoke.instance,
      clientId: "0oaSpoke123",
      clientSecret: "s3cr3t-value-xyz",
    },
    servicenowSpokeManualSteps(ctx, spoke),
  );
  const table = lines(
    between(seed, "Table 2. Configure Connection", "Okta spoke connection form."),
  );

  /** The seed's "The format is …" for a row, with its placeholders filled from the test stack. */
  function seedFormat(row: string): string {
    const format = /format is (https:\/\/.+?)\.?$/.exec(row)?.[1];
    if (format === undefined) throw new Error(`no format in ${row}`);
    return format
      .replace("https://{youroktadomain}.com", DEV_ORG_URL)
      .replace("https://[yourOktaDomain].com", DEV_ORG_URL)
      .replace("{API version}", "v1")
      .replace("{instance-name}", spoke.instance);
  }

  it("fills Configure Connection, row by row, values in the seed's formats", () => {
    expect(table[0]).toBe("Field Description");
    const rows = table.slice(1);
    expectRowsMatch(rows, bundle.fields);
    expect(bundle.fields.every((f) => f.form === SPOKE_FORMS.oauth)).toBe(true);
    const value = (name: string) => bundle.fields.find((f) => f.name === name)!.value;
    const row = (name: string) => rows.find((r) => r.startsWith(`${name} `))!;
    for (const name of [
      "Connection URL",
      "Authorization URL",
      "Token URL",
      "Token Revocation URL",
      "OAuth Redirect URL",
    ])
      expect(value(name), name).toBe(seedFormat(row(name)));
    expect(value("OAuth Redirect URL")).toBe("https://acmedev.service-now.com/oauth_redirect.do");
    expect(value("API Version")).toBe("v1");
    expect(value("OAuth Client ID")).toBe("0oaSpoke123");
    expect(value("OAuth Client Secret")).toBe("s3cr3t-value-xyz");
  });

  it("marks only the client secret secret", () => {
    expect(bundle.fields.filter((f) => f.secret).map((f) => f.name)).toEqual([
      "OAuth Client Secret",
    ]);
  });

  it("leaves app assignment and Get OAuth Token to a person", () => {
    const text = bundle.manualSteps.join("\n");
    expect(text).toContain('assign the app "oktaplane dev ServiceNow Okta spoke"');
    expect(text).toContain("Get OAuth Token");
  });
});

describe("SSWS form of a token", () => {
  it.each([
    ["00abc", "SSWS 00abc"],
    ["  00abc\n", "SSWS 00abc"],
    ["SSWS 00abc", "SSWS 00abc"],
    ["ssws  00abc", "SSWS 00abc"],
  ])("%j → %j", (token, expected) => expect(sswsApiKey(token)).toBe(expected));
});
