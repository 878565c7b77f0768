// `npm run rehearse` arguments and the "no Pulumi CLI" path: messages that name the flag and
// what is allowed, exit 2 with the install link.

import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, wantsProgress } from "../../cli/rehearse";
import { EXIT, INSTALL_URL, parseRehearseArgs, parseScopes } from "../../cli/rehearse/args";

function fails(argv: string[]): string {
  try {
    parseRehearseArgs(argv);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`no error for ${argv.join(" ")}`);
}

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    startSims: () => Promise.reject(new Error("the simulators must not start")),
    planScopes: () => Promise.reject(new Error("the plan must not run")),
  });
  return { code, stdout, stderr };
}

describe("rehearse arguments", () => {
  it("parses every option", () => {
    expect(
      parseRehearseArgs([
        "--stack",
        "prod",
        "--pulumi",
        "/opt/pulumi/bin/pulumi",
        "--scopes",
        "okta.apps.manage, okta.appGrants.manage",
        "--deployer-roles",
        "APP_ADMIN,READ_ONLY_ADMIN",
        "--fault",
        "createApplication:429x3",
        "--fault",
        "replaceApplication:503",
        "--clock-scale",
        "60",
        "--keep",
        "--markdown",
      ]),
    ).toEqual({
      stack: "prod",
      pulumi: "/opt/pulumi/bin/pulumi",
      scopes: ["okta.appGrants.manage", "okta.apps.manage"],
      deployerRoles: ["APP_ADMIN", "READ_ONLY_ADMIN"],
      faults: ["createApplication:429x3", "replaceApplication:503"],
      clockScale: 60,
      keep: true,
      format: "markdown",
    });
    expect(parseRehearseArgs(["-s", "dev"])).toEqual({
      stack: "dev",
      faults: [],
      clockScale: 1,
      keep: false,
      format: "text",
    });
    expect(parseRehearseArgs(["--help"])).toBe("help");
  });

  it("names the flag, the bad value and what is allowed", () => {
    expect(fails([])).toBe("give --stack <name> (a file stacks/Pulumi.<name>.yaml)");
    expect(fails(["--stack", "dev", "--json", "--markdown"])).toBe(
      "give --json or --markdown, not both",
    );
    expect(fails(["--stack", "dev", "--fault", "createApplication"])).toMatch(
      /^--fault: fault "createApplication": expected <operation>:/,
    );
    expect(fails(["--stack", "dev", "--clock-scale", "0.5"])).toBe(
      '--clock-scale must be a number from 1 to 1000, got "0.5"',
    );
    expect(fails(["--stack", "dev", "--scopes", "apps.manage"])).toBe(
      '--scopes: not Okta scopes: "apps.manage" (expected e.g. okta.apps.manage)',
    );
    expect(fails(["--stack", "dev", "--deployer-roles", "APP_ADMIN,ADMIN"])).toBe(
      '--deployer-roles: unknown role "ADMIN"; allowed: READ_ONLY_ADMIN, USER_ADMIN, GROUP_MEMBERSHIP_ADMIN, APP_ADMIN, HELP_DESK_ADMIN, REPORT_ADMIN, API_ACCESS_MANAGEMENT_ADMIN, MOBILE_ADMIN, ORG_ADMIN, SUPER_ADMIN',
    );
    expect(fails(["--stack", "dev", "--bogus"])).toMatch(/Unknown option '--bogus'/);
  });

  it("reads scope lists separated by commas or spaces, once each, sorted", () => {
    expect(parseScopes("okta.users.read,okta.apps.manage okta.users.read", "x")).toEqual([
      "okta.apps.manage",
      "okta.users.read",
    ]);
    expect(() => parseScopes(" , ", "OKTA_API_SCOPES")).toThrow("OKTA_API_SCOPES: no scopes given");
  });

  it("shows progress only to a person at a terminal: not with --json, not in CI, not when piped", () => {
    expect(wantsProgress({}, false, true)).toBe(true);
    expect(wantsProgress({}, true, true)).toBe(false);
    expect(wantsProgress({ CI: "true" }, false, true)).toBe(false);
    expect(wantsProgress({}, false, false)).toBe(false);
  });

  it("exits 2 with usage on bad arguments and prints help on --help", async () => {
    const bad = await run(["--stack"]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain("usage: npm run rehearse -- --stack <name>");
    const help = await run(["--help"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain(
      "Exit codes: 0 passed, 1 problems found, 2 usage or no Pulumi CLI",
    );
  });

  it("without a Pulumi CLI on PATH: a clear message with the install link, exit 2", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "rehearse-nopulumi-"));
    const result = await run(["--stack", "dev"], { PATH: empty });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "rehearse needs the Pulumi CLI: no `pulumi` on PATH.\n" +
        `Install it (${INSTALL_URL}), or point --pulumi at it.\n`,
    );
  });

  it("with --pulumi at something that is not the Pulumi CLI: exit 2, saying so", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rehearse-notpulumi-"));
    const fake = path.join(dir, "pulumi");
    writeFileSync(fake, "#!/bin/sh\necho hello\n");
    chmodSync(fake, 0o755);
    const notExecutable = path.join(dir, "plain");
    writeFileSync(notExecutable, "");
    const answered = await run(["--stack", "dev", "--pulumi", fake], {
      PATH: process.env["PATH"]!,
    });
    expect(answered.code).toBe(EXIT.usage);
    expect(answered.stderr).toContain(`${fake} did not answer \`pulumi version\``);
    const plain = await run(["--stack", "dev", "--pulumi", notExecutable]);
    expect(plain.code).toBe(EXIT.usage);
    expect(plain.stderr).toContain(`--pulumi ${notExecutable}: not an executable file`);
  });

  it("an unknown stack is exit 2, before any simulator starts", async () => {
    const stub = path.join(__dirname, "support/pulumi-stand-in.cjs");
    const result = await run(["--stack", "nope", "--pulumi", stub], { PATH: process.env["PATH"]! });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('no stack file for stack "nope"');
  });
});
