// `npm run promote`: env-specific values and secrets are never copied, --write keeps the target
// file's comments and layout, a secret the target lacks is reported as a command, and the target's
// plan diff lists added, removed and changed resources. Each test works in its own stack dir.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { envSpecificPatterns, isEnvSpecific } from "../../cli/lib/envSpecific";
import type { PromotionReport } from "../../cli/lib/promoteReport";
import { runPromoteCli } from "../../cli/promote";
import type { CliIO } from "../../cli/plan";
import { appsProgram } from "../fixtures/policy/appsProgram";

const DEV = `# dev: every merge to main deploys here.
encryptionsalt: v1:ZGV2:v1:ZGV2c2FsdA==:ZGV2
config:
  oktaplane:environment: dev
  oktaplane:okta:
    orgName: dev-31415926
    baseUrl: oktapreview.com
    rateLimit:
      maxApiCapacity: 70
  oktaplane:serviceApps:
    reporting:
      label: oktaplane dev reporting
      capabilities: [read-only, password-mfa-help]
    # New in dev, not yet in staging.
    exporter:
      label: oktaplane dev exporter
      capabilities: [software-provisioning]
      groups: [00g1a2b3c4d5e6f7g8h9]
  oktaplane:connectors:
    moveworks:
      auth: api-key
      capabilities: [read-only, software-provisioning]
      groups: [00g1a2b3c4d5e6f7g8h9]
  oktaplane:oktaApiToken:
    secure: v1:ZGV2:ZGV2LWNpcGhlcnRleHQ=
`;

const STAGING = `# staging: mirrors prod; promoted to from dev.
# Secrets are never written here in plain text.
encryptionsalt: v1:c3RhZ2luZw==:v1:c3RhZ2luZ3NhbHQ=:c3Q=
config:
  oktaplane:environment: staging # never promoted
  oktaplane:okta:
    orgName: acme-staging
    baseUrl: oktapreview.com
  oktaplane:serviceApps:
    # The reporting exporter.
    reporting:
      label: oktaplane staging reporting
      capabilities: [read-only]
    # Retired in dev already.
    legacy:
      capabilities: [read-only]
  aws:region: us-east-1
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "oktaplane-promote-test-"));
  await writeFile(path.join(dir, "Pulumi.dev.yaml"), DEV);
  await writeFile(path.join(dir, "Pulumi.staging.yaml"), STAGING);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return { out: (t) => (out += t), err: (t) => (err += t), stdout: () => out, stderr: () => err };
}

async function promoteJson(
  args: string[] = [],
): Promise<{ code: number; report: PromotionReport; io: ReturnType<typeof capture> }> {
  const io = capture();
  const code = await runPromoteCli(["--from", "dev", "--to", "staging", "--json", ...args], io, {
    stacksDir: dir,
    program: appsProgram,
  });
  return { code, report: JSON.parse(io.stdout()) as PromotionReport, io };
}

const staging = () => readFile(path.join(dir, "Pulumi.staging.yaml"), "utf8");

describe("env-specific keys", () => {
  it("are derived from the schema's metadata", () => {
    const patterns = envSpecificPatterns();
    expect(patterns.map((p) => p.join("."))).toEqual(
      expect.arrayContaining([
        "environment",
        "okta.orgName",
        "okta.baseUrl",
        "serviceApps.*.label",
        "serviceApps.*.groups",
        "hookReceiver.customDomain",
        "connectors.twilioVerify.accountSid",
      ]),
    );
    expect(isEnvSpecific(["okta", "rateLimit", "maxApiCapacity"], patterns)).toBe(false);
    expect(isEnvSpecific(["serviceApps", "any-app", "capabilities"], patterns)).toBe(false);
    expect(isEnvSpecific(["hookReceiver", "customDomain", "zoneId"], patterns)).toBe(true);
  });

  it("are never copied, and are reported as kept", async () => {
    const { code, report } = await promoteJson(["--write"]);
    expect(code).toBe(0);
    const changed = report.config.changes.map((c) => c.path);
    expect(changed).toEqual([
      "okta.rateLimit",
      "serviceApps.reporting.capabilities",
      "serviceApps.legacy",
      "serviceApps.exporter",
      "connectors",
    ]);
    expect(report.config.changes).toContainEqual({
      path: "serviceApps.exporter",
      kind: "added",
      to: { capabilities: ["software-provisioning"] },
    });
    expect(report.config.kept.map((k) => k.path)).toEqual([
      "environment",
      "okta.orgName",
      "serviceApps.reporting.label",
      "serviceApps.exporter.label",
      "serviceApps.exporter.groups",
      "connectors.moveworks.groups",
    ]);
    const text = await staging();
    expect(text).toContain("oktaplane:environment: staging");
    expect(text).toContain("orgName: acme-staging");
    expect(text).toContain("label: oktaplane staging reporting");
    expect(text).not.toMatch(/dev-31415926|oktaplane dev|00g1a2b3c4d5e6f7g8h9/);
  });
});

describe("--write", () => {
  it("keeps the target's comments, unrelated keys and layout", async () => {
    expect((await promoteJson(["--write"])).report.written).toBe(true);
    expect(await staging()).toBe(`# staging: mirrors prod; promoted to from dev.
# Secrets are never written here in plain text.
encryptionsalt: v1:c3RhZ2luZw==:v1:c3RhZ2luZ3NhbHQ=:c3Q=
config:
  oktaplane:environment: staging # never promoted
  oktaplane:okta:
    orgName: acme-staging
    baseUrl: oktapreview.com
    rateLimit:
      maxApiCapacity: 70
  oktaplane:serviceApps:
    # The reporting exporter.
    reporting:
      label: oktaplane staging reporting
      capabilities: [read-only, password-mfa-help]
    exporter:
      capabilities: [software-provisioning]
  aws:region: us-east-1
  oktaplane:connectors:
    moveworks:
      auth: api-key
      capabilities: [read-only, software-provisioning]
`);
  });

  it("never copies a secret", async () => {
    await promoteJson(["--write"]);
    expect(await staging()).not.toContain("oktaApiToken");
  });

  it("writes nothing without --write", async () => {
    const { report, io } = await promoteJson();
    expect(report.written).toBe(false);
    expect(report.config.changes.length).toBeGreaterThan(0);
    expect(await staging()).toBe(STAGING);
    expect(io.stderr()).toContain("not written");
  });

  it("refuses to write a target that would not validate, and says what to set", async () => {
    await writeFile(
      path.join(dir, "Pulumi.dev.yaml"),
      DEV.replace(
        "  oktaplane:connectors:\n",
        "  oktaplane:connectors:\n    servicenowVoiceAgent:\n      instance: acmedev\n",
      ),
    );
    const { code, report } = await promoteJson(["--write"]);
    expect(code).toBe(1);
    expect(report.written).toBe(false);
    expect(report.resources).toBeNull();
    expect(report.config.problems).toEqual([
      {
        key: "oktaplane:connectors.servicenowVoiceAgent.instance",
        message: "is required",
      },
    ]);
    expect(await staging()).toBe(STAGING);
  });
});

describe("secrets the target lacks", () => {
  it("are listed as pulumi config set --secret commands for the target", async () => {
    const { report } = await promoteJson();
    expect(report.missingSecrets).toEqual([
      expect.objectContaining({
        key: "oktaApiToken",
        requiredBy: ["connectors.moveworks"],
        command: "pulumi config set --secret oktaplane:oktaApiToken --stack staging",
      }),
    ]);
  });
});

describe("the target's plan", () => {
  it("lists resources added, removed and changed by promotion", async () => {
    const { report } = await promoteJson();
    const names = (xs: { name: string }[]) => xs.map((x) => x.name);
    expect(names(report.resources!.added)).toEqual(["exporter-app", "exporter-scopes"]);
    expect(names(report.resources!.removed)).toEqual(["legacy-app", "legacy-scopes"]);
    expect(report.resources!.changed).toEqual([
      {
        urn: "urn:pulumi:staging::oktaplane::okta:index/appOauthApiScope:AppOauthApiScope::reporting-scopes",
        type: "okta:index/appOauthApiScope:AppOauthApiScope",
        name: "reporting-scopes",
        changes: [
          {
            key: "scopes",
            from: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
            to: [
              "okta.apps.read",
              "okta.factors.manage",
              "okta.factors.read",
              "okta.groups.read",
              "okta.logs.read",
              "okta.users.manage",
              "okta.users.read",
            ],
          },
        ],
      },
    ]);
  });

  it("shows no change when the stacks agree on every promotable value", async () => {
    await promoteJson(["--write"]);
    const again = await promoteJson();
    expect(again.report.config.changes).toEqual([]);
    expect(again.report.resources).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe("output", () => {
  it("renders text and Markdown", async () => {
    const text = capture();
    const options = { stacksDir: dir, program: appsProgram };
    expect(await runPromoteCli(["--from", "dev", "--to", "staging"], text, options)).toBe(0);
    expect(text.stdout()).toContain('~ serviceApps.reporting.capabilities: ["read-only"] →');
    expect(text.stdout()).toContain('= okta.orgName: dev "dev-31415926", staging "acme-staging"');
    expect(text.stdout()).toContain("+ okta:app/oAuth:OAuth  exporter-app");
    expect(text.stdout()).toContain("run again with --write");

    const md = capture();
    expect(
      await runPromoteCli(["--from", "dev", "--to", "staging", "--markdown"], md, options),
    ).toBe(0);
    expect(md.stdout()).toContain("### oktaplane promote: `dev` → `staging`");
    expect(md.stdout()).toContain("| - | `serviceApps.legacy` |");
    expect(md.stdout()).toContain(
      "pulumi config set --secret oktaplane:oktaApiToken --stack staging",
    );
  });

  it("warns when a new app arrives without its label or groups (never copied)", async () => {
    const { report, io } = await promoteJson();
    expect(report.warnings).toEqual([
      'serviceApps.exporter is new here and has no label: Okta would call it "exporter"; set serviceApps.exporter.label in ' +
        path.relative(process.cwd(), path.join(dir, "Pulumi.staging.yaml")),
      "serviceApps.exporter is new here and has no groups (never copied): its group-scoped capabilities would apply to every group; set serviceApps.exporter.groups in " +
        path.relative(process.cwd(), path.join(dir, "Pulumi.staging.yaml")),
    ]);
    expect(io.stderr()).toContain(
      "promote: warning: serviceApps.exporter is new here and has no label",
    );
    const md = capture();
    await runPromoteCli(["--from", "dev", "--to", "staging", "--markdown"], md, {
      stacksDir: dir,
      program: appsProgram,
    });
    expect(md.stdout()).toContain("- ⚠️ serviceApps.exporter is new here and has no label");
  });

  it("prints no empty table when nothing changes", async () => {
    await promoteJson(["--write"]);
    const text = capture();
    const options = { stacksDir: dir, program: appsProgram };
    expect(await runPromoteCli(["--from", "dev", "--to", "staging"], text, options)).toBe(0);
    expect(text.stdout()).toContain("Config: staging already has every promotable value of dev");
    expect(text.stdout()).not.toContain("Config changes in staging (0)");
    const md = capture();
    expect(
      await runPromoteCli(["--from", "dev", "--to", "staging", "--markdown"], md, options),
    ).toBe(0);
    expect(md.stdout()).toContain(
      "No config changes: `staging` already has every promotable value of `dev`.",
    );
    expect(md.stdout()).not.toContain("| | Config path | Now | After |");
    expect(md.stdout()).toContain("Nothing to promote.");
  });

  it("rejects bad usage", async () => {
    const io = capture();
    expect(await runPromoteCli(["--from", "dev"], io)).toBe(2);
    expect(await runPromoteCli(["--from", "dev", "--to", "dev"], io)).toBe(2);
    expect(await runPromoteCli(["--from", "dev", "--to", "nonesuch"], io, { stacksDir: dir })).toBe(
      2,
    );
    expect(io.stderr()).toContain("usage: npm run promote");
  });
});
