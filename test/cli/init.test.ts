// Stack files that can deploy: the examples hold no placeholder ciphertext (a real preview could
// not decrypt it), and `npm run init` writes a new stack in an example's shape, its org set, every
// other environment-specific value left as FILL-ME for the user (plan lists each), and prints the
// commands that follow; it never overwrites a file.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main as init } from "../../cli/init";
import { planErrorJson, planJson } from "../../cli/lib/planJson";
import { STACKS_DIR } from "../../cli/lib/stackFile";
import { runPlan } from "./support/planCli";

describe("the example stack files", () => {
  const files = readdirSync(STACKS_DIR).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f));

  it.each(files)("%s holds no encryptionsalt and no secure: value", (file) => {
    const text = readFileSync(path.join(STACKS_DIR, file), "utf8");
    expect(text).not.toMatch(/encryptionsalt|encryptedkey|secretsprovider/);
    expect(text).not.toMatch(/\bsecure:/);
    const doc = parse(text) as { config: Record<string, unknown> };
    for (const [key, value] of Object.entries(doc.config))
      expect(typeof value === "object" && value !== null && "secure" in value, key).toBe(false);
  });

  it.each(["dev", "staging", "prod"])(
    "%s: the plan still lists the secrets to set, as commands",
    async (stack) => {
      const report = planJson.parse(JSON.parse((await runPlan(["--stack", stack, "--json"])).out));
      expect(report.missingSecrets.map((m) => m.command)).toEqual([
        `pulumi config set --secret oktaplane:oktaApiToken --stack ${stack}`,
        `pulumi config set --secret oktaplane:twilioAuthToken --stack ${stack}`,
      ]);
    },
  );
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "oktaplane-init-"));
  await cp(STACKS_DIR, dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await init([...argv, "--stacks-dir", dir], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("npm run init", () => {
  it("writes the example's shape with the org, FILL-ME placeholders and renamed labels", async () => {
    const { code, stdout } = await run([
      "--stack",
      "qa",
      "--org",
      "acme-qa",
      "--base-url",
      "oktapreview.com",
    ]);
    expect(code).toBe(0);
    const text = await readFile(path.join(dir, "Pulumi.qa.yaml"), "utf8");
    const doc = parse(text) as { config: Record<string, any>; encryptionsalt?: string };
    expect(doc.encryptionsalt).toBeUndefined();
    expect(text).not.toMatch(/secure:|dev-31415926|acmedev|0f1e2d3c4b5a69788796a5b4c3d2e1f0/);
    expect(doc.config["oktaplane:environment"]).toBe("dev");
    expect(doc.config["oktaplane:okta"]).toEqual({
      orgName: "acme-qa",
      baseUrl: "oktapreview.com",
      engine: "oie",
    });
    expect(doc.config["oktaplane:serviceApps"].reporting).toEqual({
      label: "oktaplane qa reporting",
      capabilities: ["read-only"],
    });
    // Not environment-specific: kept as the example has it.
    expect(doc.config["oktaplane:connectors"].moveworks.capabilities).toEqual([
      "read-only",
      "software-provisioning",
      "password-mfa-help",
    ]);
    expect(doc.config["oktaplane:connectors"].moveworks.groups).toEqual(["FILL-ME"]);
    expect(text).toContain("cloudflareAccountId: FILL-ME # fill in: Cloudflare account id");

    const fill = [
      "oktaplane:hookReceiver.cloudflareAccountId",
      "oktaplane:hookReceiver.workersDevSubdomain",
      "oktaplane:connectors.servicenowSpoke.instance",
      "oktaplane:connectors.servicenowVoiceAgent.instance",
      "oktaplane:connectors.moveworks.groups",
      "oktaplane:connectors.twilioVerify.accountSid",
      "oktaplane:connectors.twilioVerify.verifyServiceSid",
    ];
    for (const key of fill) expect(stdout).toContain(key);
    // The plan lists exactly those until they are set.
    const plan = await runPlan(["--stack", "qa", "--stacks-dir", dir, "--json"]);
    expect(plan.code).toBe(1);
    const problems = planErrorJson
      .parse(JSON.parse(plan.out))
      .problems.map((p) => p.key.replace(/\[0\]$/, ""));
    expect(problems.sort()).toEqual([...fill].sort());
  });

  it("prints the commands that follow, in order", async () => {
    const { stdout } = await run(["--stack", "qa", "--org", "acme-qa"]);
    const steps = stdout.slice(stdout.indexOf("Then, in order:")).split("\n").slice(1, 8);
    expect(steps.map((s) => s.replace(/^\s+\d+\. /, "").replace(/ {3}#.*$/, ""))).toEqual([
      "pulumi stack init qa",
      "pulumi config set --secret oktaplane:oktaApiToken --stack qa",
      "pulumi config set --secret oktaplane:twilioAuthToken --stack qa",
      "npm run plan -- --stack qa",
      "npm run rehearse -- --stack qa",
      "pulumi preview --stack qa --policy-pack policy",
      "pulumi up --stack qa --policy-pack policy",
    ]);
  });

  it("takes the environment from a stack named like one, or from --environment", async () => {
    await rm(path.join(dir, "Pulumi.staging.yaml"));
    expect((await run(["--stack", "staging", "--org", "acme-staging"])).code).toBe(0);
    const staging = parse(await readFile(path.join(dir, "Pulumi.staging.yaml"), "utf8")) as {
      config: Record<string, any>;
    };
    expect(staging.config["oktaplane:environment"]).toBe("staging");

    const args = ["--stack", "eu", "--org", "acme-eu", "--from", "prod", "--environment", "prod"];
    expect((await run(args)).code).toBe(0);
    const doc = parse(await readFile(path.join(dir, "Pulumi.eu.yaml"), "utf8")) as {
      config: Record<string, any>;
    };
    expect(doc.config["oktaplane:environment"]).toBe("prod");
    expect(doc.config["oktaplane:okta"].baseUrl).toBe("okta.com");
    expect(doc.config["oktaplane:hookReceiver"].customDomain).toEqual({
      zoneId: "FILL-ME",
      hostname: "FILL-ME",
    });
  });

  it("refuses to overwrite an existing stack file", async () => {
    const before = await readFile(path.join(dir, "Pulumi.staging.yaml"), "utf8");
    const { code, stderr } = await run(["--stack", "staging", "--org", "acme-x"]);
    expect(code).toBe(2);
    expect(stderr).toContain("exists: init never overwrites a stack file");
    expect(await readFile(path.join(dir, "Pulumi.staging.yaml"), "utf8")).toBe(before);
  });

  it.each([
    [["--stack", "qa", "--org", "https://acme.okta.com"], "--org must be the Okta org name only"],
    [["--stack", "qa", "--org", "acme", "--base-url", "okta.co"], '(did you mean "okta.com"?)'],
    [
      ["--stack", "qa", "--org", "acme", "--environment", "stage"],
      "--environment must be one of dev, staging, prod",
    ],
    [["--stack", "qa", "--org", "acme", "--from", "devv"], '(did you mean "dev"?)'],
    [["--stack", "qa"], "give --org <orgName>"],
  ])("%j exits 2 and writes nothing", async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(existsSync(path.join(dir, "Pulumi.qa.yaml"))).toBe(false);
  });
});
