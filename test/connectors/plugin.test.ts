// A connector is its folder plus one registry entry. The fixture connector acme-desk
// (test/fixtures/connectors/acmeDesk/) is registered only here, through withConnectors, and
// shows up in config validation and secrets, the plan (resources, footprint, handoff sources,
// policy), handoff, promote and the policy pack, with no edit anywhere else.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInConnectors, withConnectors } from "../../components/connectors/registry";
import { main as handoff } from "../../cli/handoff";
import { envSpecificPatterns } from "../../cli/lib/envSpecific";
import { MASK } from "../../cli/lib/handoffSheet";
import { buildPlan } from "../../cli/lib/planReport";
import { promote } from "../../cli/lib/promoteReport";
import { REPO_ROOT } from "../../cli/lib/stackFile";
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";
import { missingSecrets } from "../../config/secrets";
import { loadContext } from "../../policy/pack";
import { contextFromConfig } from "../../policy/context";
import { evaluateRules, TYPES, type CheckedResource } from "../../policy/rules";
import { acmeDesk } from "../fixtures/connectors/acmeDesk";
import { connectorOutputs } from "../cli/support/connectorOutputs";
import { editKey, exampleStack } from "../helpers/stackValues";
import { TEST_SECRETS } from "./support/config";

const registry = withConnectors(acmeDesk);
const DESK = { tenant: "acme-dev", ticketQueue: "Okta" };
const API_KEY = "acme-desk-api-key-7f3e19c2";

/** The dev stack's values with Acme Desk enabled (and `edit` applied to its block). */
function devValues(block: Record<string, unknown> = DESK) {
  const base = exampleStack("dev", TEST_SECRETS);
  return {
    values: editKey(base.values, "connectors", (c) => ({ ...c, acmeDesk: block })),
    secretKeys: base.secretKeys,
  };
}

const parse = (block?: Record<string, unknown>, connectors = registry) =>
  parseStackConfig({ stack: "dev", ...devValues(block), connectors });

function problems(fn: () => unknown): { key: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(({ key, message }) => ({ key, message }));
    throw e;
  }
  return [];
}

describe("config validation and secrets", () => {
  it("parses the block with its defaults when the registry has the connector", () => {
    const { config } = parse({ tenant: "acme-dev" });
    expect(config.connectors.acmeDesk).toEqual({ tenant: "acme-dev", ticketQueue: "IT" });
    expect(registry.enabled(config).map((e) => e.connector.id)).toEqual([
      ...builtInConnectors.ids,
      "acme-desk",
    ]);
  });

  it("checks the block's schema and its own rules, and reserves its app name", () => {
    expect(problems(() => parse({ tenant: "Acme Dev" }))).toEqual([
      {
        key: "oktaplane:connectors.acmeDesk.tenant",
        message: "must be the Acme Desk tenant name, e.g. acme-dev",
      },
    ]);
    expect(problems(() => parse({ tenant: "acme-dev", ticketQueue: " IT" }))).toEqual([
      {
        key: "oktaplane:connectors.acmeDesk.ticketQueue",
        message: "must not start or end with spaces: Acme matches queues exactly",
      },
    ]);
    expect(problems(() => parse({ ...DESK, queue: "IT" }))[0]).toEqual({
      key: "oktaplane:connectors.acmeDesk.queue",
      message: "unknown key; allowed keys: tenant, ticketQueue.",
    });
    const { values, secretKeys } = devValues();
    const taken = editKey(values, "serviceApps", (apps) => ({
      ...apps,
      "acme-desk": { capabilities: ["read-users"] },
    }));
    expect(
      problems(() =>
        parseStackConfig({ stack: "dev", values: taken, secretKeys, connectors: registry }),
      ),
    ).toEqual([
      {
        key: "oktaplane:serviceApps.acme-desk",
        message: "name is taken by the app of connectors.acmeDesk; choose another key",
      },
    ]);
  });

  it("is unknown to the built-in registry", () => {
    const [problem] = problems(() => parse(DESK, builtInConnectors));
    expect(problem?.key).toBe("oktaplane:connectors.acmeDesk");
    expect(problem?.message).toMatch(/^unknown key; allowed keys: servicenowSpoke, /);
  });

  it("declares its secret: required while enabled, refused in plain text", () => {
    const { config, secretsPresent } = parse();
    expect(missingSecrets(config, secretsPresent, "dev", "oktaplane", registry)).toEqual([
      {
        key: "acmeDeskApiKey",
        requiredBy: ["connectors.acmeDesk"],
        description: acmeDesk.secrets![0]!.description,
        command: "pulumi config set --secret oktaplane:acmeDeskApiKey --stack dev",
      },
    ]);
    const { values, secretKeys } = devValues();
    const plain = { ...values, "oktaplane:acmeDeskApiKey": API_KEY };
    const [problem] = problems(() =>
      parseStackConfig({ stack: "dev", values: plain, secretKeys, connectors: registry }),
    );
    expect(problem?.key).toBe("oktaplane:acmeDeskApiKey");
    expect(problem?.message).toMatch(/^is a secret but is stored in plain text/);
    expect(JSON.stringify(problem)).not.toContain(API_KEY);
  });

  it("marks its env-specific values for promote", () => {
    expect(envSpecificPatterns(registry.stackSchema)).toContainEqual([
      "connectors",
      "acmeDesk",
      "tenant",
    ]);
    expect(envSpecificPatterns()).not.toContainEqual(["connectors", "acmeDesk", "tenant"]);
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "oktaplane-plugin-"));
  for (const stack of ["dev", "staging"]) {
    const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
    const doc = parseDocument(await readFile(file, "utf8"));
    if (stack === "dev") doc.setIn(["config", "oktaplane:connectors", "acmeDesk"], DESK);
    await writeFile(path.join(dir, `Pulumi.${stack}.yaml`), doc.toString());
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("plan and policy", () => {
  it("declares its resources through program.ts and reports its footprint", async () => {
    const report = await buildPlan({ stack: "dev", stacksDir: dir, connectors: registry });
    const desk = report.connectors.find((c) => c.id === "acme-desk");
    expect(desk?.title).toBe("Acme Desk: Okta integration");
    expect(desk?.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`)).toEqual(
      expect.arrayContaining([
        "okta:app/oAuth:OAuth acme-desk",
        "okta:index/appOauthApiScope:AppOauthApiScope acme-desk-scopes",
      ]),
    );
    expect(desk?.resources[0]).toEqual({
      type: "test:connectors:AcmeDesk",
      name: "acme-desk",
      custom: false,
    });
    expect(desk?.shared).toEqual([]);
    expect(desk?.handoff).toEqual([
      { field: "Okta integration › Client ID", from: ["clientId"] },
      { field: "Okta integration › Private Key", from: ["privateKeyPem"] },
    ]);
    // Its app joins serviceApps (so verify checks it) and its bundle the connectors output.
    expect(Object.keys(report.outputs["serviceApps"] as object)).toContain("acme-desk");
    expect(Object.keys(report.outputs["connectors"] as object)).toContain("acme-desk");
    // The policy context knows its app: its grant matches its capability, no finding.
    expect(report.policy.findings.filter((f) => f.name.startsWith("acme-desk"))).toEqual([]);
    expect(report.missingSecrets.map((m) => m.key)).toContain("acmeDeskApiKey");
  });

  it("gives the policy pack what its app may hold", () => {
    const { config } = parse();
    const context = contextFromConfig("dev", config, registry);
    expect(context.apps?.["acme-desk"]).toEqual({
      scopes: ["okta.users.read"],
      allowBroadRoles: [],
      implicitGrant: false,
    });
    const grant = (scopes: string[]): CheckedResource => ({
      urn: "urn:pulumi:dev::oktaplane::okta:index/appOauthApiScope:AppOauthApiScope::acme-desk-scopes",
      type: TYPES.apiScope,
      name: "acme-desk-scopes",
      ancestors: ["acme-desk"],
      inputs: { scopes },
      protect: false,
      retainOnDelete: null,
    });
    expect(evaluateRules([grant(["okta.users.read"])], context)).toEqual([]);
    expect(
      evaluateRules([grant(["okta.users.read", "okta.users.manage"])], context).map(
        (f) => f.policy,
      ),
    ).toEqual(["granted-scopes-match-capabilities"]);
    // The pack reads the stack's config the same way (PULUMI_CONFIG, as newer CLIs pass it).
    const { values } = devValues();
    const packContext = loadContext("dev", { PULUMI_CONFIG: JSON.stringify(values) }, registry);
    expect(packContext.apps?.["acme-desk"]).toEqual(context.apps?.["acme-desk"]);
  });
});

describe("handoff", () => {
  it("prints its sheet from the stack outputs, secrets masked", async () => {
    const outputs = await connectorOutputs(parse().config, registry, { acmeDeskApiKey: API_KEY });
    const file = path.join(dir, "outputs.json");
    await writeFile(file, JSON.stringify(outputs));
    let out = "";
    let err = "";
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await handoff(["--outputs", file, "--connector", "acme-desk", "--json"], {
      ...io,
      connectors: registry,
    });
    expect({ code, err }).toEqual({ code: 0, err: "" });
    const sheet = JSON.parse(out) as { fields: { name: string; value: string }[] };
    expect(sheet.fields.map((f) => [f.name, f.value])).toEqual([
      ["Tenant", "acme-dev"],
      ["Ticket queue", "Okta"],
      ["Okta URL", "https://dev-31415926.oktapreview.com"],
      ["Client ID", "0oa-acme-desk"],
      ["Private Key", MASK],
      ["Webhook API Key", MASK],
    ]);
    expect(out).not.toContain(API_KEY);

    // A registry without it does not know the id; one with it says it is not enabled.
    err = "";
    const without = { ...outputs, connectors: { ...outputs.connectors } };
    delete without.connectors!["acme-desk"];
    await writeFile(file, JSON.stringify(without));
    expect(await handoff(["--outputs", file, "--connector", "acme-desk"], { ...io })).toBe(2);
    expect(err).toContain('unknown connector "acme-desk"');
    err = "";
    await handoff(["--outputs", file, "--connector", "acme-desk"], { ...io, connectors: registry });
    expect(err).toContain(`connector acme-desk is not enabled in ${file}`);
  });
});

describe("promote", () => {
  it("copies its settings, keeps its env-specific values, lists its secret", async () => {
    const report = await promote({
      from: "dev",
      to: "staging",
      stacksDir: dir,
      connectors: registry,
      program: async () => ({}),
    });
    // Staging has no acmeDesk block yet: it arrives without the tenant.
    expect(report.config.changes).toContainEqual({
      path: "connectors.acmeDesk",
      kind: "added",
      to: { ticketQueue: "Okta" },
    });
    expect(report.config.kept).toContainEqual(
      expect.objectContaining({ path: "connectors.acmeDesk.tenant", source: "acme-dev" }),
    );
    // The tenant is never copied, so staging must set its own before the promotion validates.
    expect(report.config.problems).toContainEqual({
      key: "oktaplane:connectors.acmeDesk.tenant",
      message: "is required",
    });
    expect(report.missingSecrets.map((m) => m.key)).toContain("acmeDeskApiKey");
  });
});

describe("docs", () => {
  it("every connector has its docs page in its folder, listed in docs/CONNECTORS.md", async () => {
    const doc = await readFile(path.join(REPO_ROOT, "docs", "CONNECTORS.md"), "utf8");
    const rows = [
      ...doc.matchAll(/^\| \[`([a-z-]+)`\]\(\.\.\/([^)]+)\) +\| `connectors\.(\w+)`/gm),
    ];
    expect(rows.map(([, id, docs, key]) => ({ id, docs, key }))).toEqual(
      builtInConnectors.connectors.map((c) => ({ id: c.id, docs: c.docs, key: c.configKey })),
    );
    for (const c of registry.connectors)
      expect(existsSync(path.join(REPO_ROOT, c.docs)), c.id).toBe(true);
  });
});
