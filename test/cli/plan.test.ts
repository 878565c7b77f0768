// `plan`: its JSON matches the documented shape, it never prints a secret in any format, and
// its exit codes tell CI what happened.

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planErrorJson, planJson } from "../../cli/lib/planJson";
import { buildPlan } from "../../cli/lib/planReport";
import { renderMarkdown, renderText } from "../../cli/lib/renderPlan";
import { REPO_ROOT, STACKS_DIR } from "../../cli/lib/stackFile";
import { runPlan as run } from "./support/planCli";

describe("plan --json", () => {
  it.each(["dev", "staging", "prod"])(
    "matches the documented shape for the %s stack",
    async (stack) => {
      const { code, out, err } = await run(["--stack", stack, "--json"]);
      expect(code).toBe(0);
      const report = planJson.parse(JSON.parse(out));
      expect(report.stack).toBe(stack);
      expect(report.counts.total).toBe(report.resources.length);
      expect(Object.values(report.counts.byType).reduce((a, b) => a + b, 0)).toBe(
        report.counts.total,
      );
      expect(err).toMatch(new RegExp(`^plan: stack ${stack} · \\d+ resources · .* s\\n$`));
    },
  );

  it("lists the secrets a stack still needs as exact commands", async () => {
    const report = planJson.parse(JSON.parse((await run(["--stack", "staging", "--json"])).out));
    expect(report.missingSecrets.map((m) => m.command)).toEqual([
      "pulumi config set --secret oktaplane:oktaApiToken --stack staging",
      "pulumi config set --secret oktaplane:twilioAuthToken --stack staging",
    ]);
    // The example stacks hold no ciphertext: every secret they need is still to set.
    const prod = planJson.parse(JSON.parse((await run(["--stack", "prod", "--json"])).out));
    expect(prod.missingSecrets.map((m) => m.key)).toEqual(["oktaApiToken", "twilioAuthToken"]);
  });
});

describe("secrets in plan output", () => {
  const SECRETS = {
    oktaApiToken: "00PlanTestOktaTokenValue-9f3a1c",
    twilioAuthToken: "plantesttwiliotoken7e5d2b0a9c11",
  };

  it("a secret set in config never appears in text, JSON or Markdown", async () => {
    const report = await buildPlan({ stack: "dev", secrets: SECRETS });
    const outputs = [JSON.stringify(report), renderText(report), renderMarkdown(report)];
    for (const text of outputs) {
      for (const secret of Object.values(SECRETS)) {
        expect(text).not.toContain(secret);
        // Not even a recognisable part of it (e.g. an `SSWS <token>` prefix form or a slice).
        expect(text).not.toContain(secret.slice(4, 20));
      }
    }
    expect(report.missingSecrets).toEqual([]);
  });
});

describe("plan exit codes", () => {
  it("exits 1 with every problem when the config is invalid, and nothing is evaluated", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "oktaplane-plan-"));
    const dev = await readFile(path.join(STACKS_DIR, "Pulumi.dev.yaml"), "utf8");
    await writeFile(
      path.join(dir, "Pulumi.broken.yaml"),
      dev
        .replace("orgName: dev-31415926", "orgName: https://dev-31415926.okta.com")
        .replace("capabilities: [read-only]", "capabilities: [read-all]"),
    );
    await expect(buildPlan({ stack: "broken", stacksDir: dir })).rejects.toThrow(
      /2 configuration problems/,
    );
    const { code, out, err } = await run(["--stack", "broken", "--stacks-dir", dir, "--json"]);
    expect(code).toBe(1);
    const body = planErrorJson.parse(JSON.parse(out));
    expect(body.problems.map((p) => p.key)).toEqual([
      "oktaplane:okta.orgName",
      "oktaplane:serviceApps.reporting.capabilities[0]",
    ]);
    expect(err).toContain("oktaplane:okta.orgName: must be the Okta org name only");
  });

  it("exits 2 on usage errors and unknown stacks", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(["--stack", "dev", "--json", "--markdown"])).code).toBe(2);
    const unknown = await run(["--stack", "nosuch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no stack file for stack "nosuch"');
  });
});

describe("npm run plan (the bundled runner)", () => {
  // With the real type check of this repository (cold on a fresh checkout: seconds).
  it("runs the same program from the cached bundle, type-checked, and prints the same JSON shape", () => {
    const child = spawnSync(process.execPath, ["cli/run.cjs", "plan", "--stack", "dev", "--json"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(child.stderr).toMatch(
      /^plan: stack dev · \d+ resources .* · types (unchanged|checked in [\d.]+ s) · /m,
    );
    expect(child.status).toBe(0);
    const report = planJson.parse(JSON.parse(child.stdout));
    expect(report.resources.map((r) => r.type)).toContain("okta:app/oAuth:OAuth");
  }, 90_000);

  it("rejects an unknown command with usage", () => {
    const child = spawnSync(process.execPath, ["cli/run.cjs", "deploy"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(child.status).toBe(2);
    expect(child.stderr).toContain('unknown command "deploy"');
    expect(child.stderr).toMatch(/^ {2}plan {4}/m);
  });
});

describe("plan when the program fails while registering", () => {
  it("reports the error instead of waiting forever", async () => {
    const okta = await import("@pulumi/okta");
    const pulumi = await import("@pulumi/pulumi");
    const broken = async () => {
      new okta.app.OAuth("broken", {
        label: pulumi.output("x").apply((): string => {
          throw new Error("boom in an apply");
        }),
        type: "service",
      });
      return {};
    };
    await expect(buildPlan({ stack: "dev", program: broken })).rejects.toThrow(/boom in an apply/);
  });
});
