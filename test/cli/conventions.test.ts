// Pulumi conventions the plan follows: --stack in every form Pulumi accepts, the project name
// from Pulumi.yaml as the config namespace (no "oktaplane" constant), project-level config
// beneath the stack's, ESC environments that may supply secrets (and --esc-values that checks
// them without a secret value reaching the output), and exit 2 for a stack file that is not YAML.

import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planJson } from "../../cli/lib/planJson";
import { STACKS_DIR } from "../../cli/lib/stackFile";
import { runPromoteCli } from "../../cli/promote";
import { capture, runPlan } from "./support/planCli";

let root: string;
const dev = () => readFile(path.join(STACKS_DIR, "Pulumi.dev.yaml"), "utf8");

beforeAll(async () => {
  // A project renamed acme-okta, its stack files in envs/, one default in Pulumi.yaml.
  root = await mkdtemp(path.join(os.tmpdir(), "oktaplane-conventions-"));
  await writeFile(
    path.join(root, "Pulumi.yaml"),
    [
      "name: acme-okta",
      "runtime: nodejs",
      "stackConfigDir: envs",
      "config:",
      "  environment: dev",
      "  acme-okta:okta:",
      "    default: { orgName: acme-dev, baseUrl: oktapreview.com }",
      "",
    ].join("\n"),
  );
  await mkdir(path.join(root, "envs"));
  const text = (await dev())
    .replace(/oktaplane:/g, "acme-okta:")
    .replace(/^ {2}acme-okta:environment: dev\n/m, "")
    .replace(/^ {2}acme-okta:okta:\n( {4}.*\n)+/m, "");
  await writeFile(path.join(root, "envs", "Pulumi.dev.yaml"), text);
  await writeFile(
    path.join(root, "envs", "Pulumi.esc.yaml"),
    `environment:\n  - acme/okta-dev\n  - acme/twilio\n${text.slice(text.indexOf("config:"))}`,
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("--stack", () => {
  it.each(["dev", "acme/dev", "acme/oktaplane/dev"])("accepts %s", async (stack) => {
    const { code, out } = await runPlan(["--stack", stack, "--json"]);
    expect(code).toBe(0);
    const report = planJson.parse(JSON.parse(out));
    expect(report.stack).toBe("dev");
    // Commands name the stack as the user did, so they work against Pulumi Cloud too.
    expect(report.missingSecrets[0]!.command).toMatch(new RegExp(`--stack ${stack}$`));
  });

  it("refuses a stack of another project, and suggests a near-miss stack name", async () => {
    const other = await runPlan(["--stack", "acme/other/dev"]);
    expect(other.code).toBe(2);
    expect(other.err).toContain('names project "other", but Pulumi.yaml is project "oktaplane"');
    const typo = await runPlan(["--stack", "stagign"]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('no stack file for stack "stagign"');
    expect(typo.err).toContain('(did you mean "staging"?); stacks here: dev, prod, staging');
  });
});

describe("a project named otherwise", () => {
  it("reads its own namespace and Pulumi.yaml's config, and names its keys in commands", async () => {
    const { code, out, err } = await runPlan(["--stack", "dev", "--json"], { root });
    expect(code, err).toBe(0);
    const report = planJson.parse(JSON.parse(out));
    expect(report.project).toBe("acme-okta");
    expect(report.environment).toBe("dev");
    // orgName from the project-level default.
    expect(report.orgUrl).toBe("https://acme-dev.oktapreview.com");
    expect(report.resources[0]!.urn).toMatch(/^urn:pulumi:dev::acme-okta::/);
    expect(report.missingSecrets.map((m) => m.command)).toEqual([
      "pulumi config set --secret acme-okta:oktaApiToken --stack dev",
      "pulumi config set --secret acme-okta:twilioAuthToken --stack dev",
    ]);
  });

  it("reports a problem by the project's own key names", async () => {
    const file = path.join(root, "envs", "Pulumi.typo.yaml");
    await writeFile(
      file,
      (await readFile(path.join(root, "envs", "Pulumi.dev.yaml"), "utf8")).replace(
        "acme-okta:serviceApps",
        "acme-okta:serviceApp",
      ),
    );
    const { code, err } = await runPlan(["--stack", "typo"], { root });
    expect(code).toBe(1);
    expect(err).toContain('acme-okta:serviceApp: unknown key (did you mean "serviceApps"?)');
  });
});

describe("ESC environments", () => {
  const SECRETS = { twilio: "esc-twilio-secret-3f9a2c71d0", okta: "00EscOktaTokenValue-8b2e41" };

  it("without their values, the secrets they may supply are marked so, not plainly missing", async () => {
    const { code, out } = await runPlan(["--stack", "esc", "--json"], { root });
    expect(code).toBe(0);
    const report = planJson.parse(JSON.parse(out));
    expect(report.esc).toEqual({
      environments: ["acme/okta-dev", "acme/twilio"],
      checked: false,
      supplied: [],
    });
    expect(report.missingSecrets.map((m) => [m.key, m.environments])).toEqual([
      ["oktaApiToken", ["acme/okta-dev", "acme/twilio"]],
      ["twilioAuthToken", ["acme/okta-dev", "acme/twilio"]],
    ]);
    const text = await runPlan(["--stack", "esc"], { root });
    expect(text.out).toContain(
      "(unless ESC acme/okta-dev, acme/twilio supplies it: check with --esc-values)",
    );
  });

  it("with --esc-values, checks exactly, and no value from it reaches any output", async () => {
    const okta = path.join(root, "okta-dev.json");
    const twilio = path.join(root, "twilio.json");
    await writeFile(
      okta,
      JSON.stringify({
        pulumiConfig: { "acme-okta:oktaApiToken": SECRETS.okta, "aws:region": "x" },
      }),
    );
    await writeFile(
      twilio,
      JSON.stringify({
        environmentVariables: {},
        pulumiConfig: { twilioAuthToken: SECRETS.twilio },
      }),
    );
    for (const format of [["--json"], [], ["--markdown"]]) {
      const r = await runPlan(
        ["--stack", "esc", "--esc-values", okta, "--esc-values", twilio, ...format],
        { root },
      );
      expect(r.code).toBe(0);
      for (const secret of Object.values(SECRETS)) {
        expect(r.out).not.toContain(secret);
        expect(r.err).not.toContain(secret);
      }
      if (format[0] === "--json") {
        const report = planJson.parse(JSON.parse(r.out));
        expect(report.missingSecrets).toEqual([]);
        expect(report.esc).toEqual({
          environments: ["acme/okta-dev", "acme/twilio"],
          checked: true,
          supplied: ["acme-okta:oktaApiToken", "acme-okta:twilioAuthToken"],
        });
      }
    }
    const partial = await runPlan(["--stack", "esc", "--esc-values", okta, "--json"], { root });
    const report = planJson.parse(JSON.parse(partial.out));
    expect(report.missingSecrets.map((m) => [m.key, m.environments])).toEqual([
      ["twilioAuthToken", undefined],
    ]);
  });

  it("a file that is not an opened environment exits 2", async () => {
    const bad = path.join(root, "bad.json");
    await writeFile(bad, "esc: not json");
    const r = await runPlan(["--stack", "esc", "--esc-values", bad], { root });
    expect(r.code).toBe(2);
    expect(r.err).toContain("not JSON; give the output of esc env open <org>/<env>");
  });
});

describe("a stack file that is not YAML", () => {
  it("exits 2 (bad input) in plan and promote, naming the file and the line", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "oktaplane-yaml-"));
    await writeFile(path.join(dir, "Pulumi.dev.yaml"), await dev());
    await writeFile(path.join(dir, "Pulumi.broken.yaml"), "config:\n  oktaplane:okta: [unclosed\n");
    const plan = await runPlan(["--stack", "broken", "--stacks-dir", dir]);
    expect(plan.code).toBe(2);
    expect(plan.err).toMatch(/Pulumi\.broken\.yaml: not valid YAML: .* at line \d+, column \d+/);
    const io = capture();
    expect(await runPromoteCli(["--from", "dev", "--to", "broken", "--stacks-dir", dir], io)).toBe(
      2,
    );
    expect(io.stderr()).toContain("not valid YAML");
    await rm(dir, { recursive: true, force: true });
  });
});
