// `npm run adopt` end to end against the Okta simulator seeded with hand-made orgs: the seeds' org
// is adopted and written into the stack file (comments kept) and an import file, which `plan` then
// reads back; a second run changes nothing; the messy org and bad input stop with the exit code
// and message the command documents. What this does not prove: that a real `pulumi up` then
// imports with no create (there is no Pulumi engine here; test/adopt/program.test.ts checks the
// program's import options under the mock runtime).

import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runAdoptCli, type AdoptIO } from "../../cli/adopt";
import type { AdoptReport } from "../../cli/adopt/report";
import { buildPlan } from "../../cli/lib/planReport";
import { freePort } from "./support/freePort";
import {
  AUDITOR_DELETED,
  HOOK_AUTH_SECRET,
  messyOrg,
  MOVEWORKS_APP,
  seededOrg,
  SPOKE_CLIENT_SECRET,
  type RawOrg,
} from "./support/orgs";
import { readerApp, seededSim } from "./support/sim";
import { CLASSIC_STACK, MESSY_STACK, SEEDED_STACK, stacksDir } from "./support/stacks";
import { readScopes } from "../../cli/adopt/readOperations";
import type { OktaSim } from "../../sim/okta";
import { simClock } from "../../sim/shared/clock";

let sim: OktaSim | undefined;
let token = "";
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function adopt(
  raw: RawOrg,
  files: Record<string, string>,
  args: string[],
  io: Partial<AdoptIO> & { env?: Record<string, string> } = {},
): Promise<Run & { dir: string }> {
  await sim?.close();
  ({ sim, token } = await seededSim(raw));
  const dir = stacksDir(files);
  let out = "";
  let err = "";
  const code = await runAdoptCli([...args, "--stacks-dir", dir], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isTTY: true,
    sleep: async () => undefined,
    ...io,
    env: { OKTA_API_TOKEN: token, OKTA_HTTP_PROXY: sim.url, ...io.env },
  });
  return { code, out, err, dir };
}

const fileOf = (dir: string, stack: string) =>
  readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8");

describe("adopting the seeds' org", () => {
  it("writes the adopt map into the stack file, keeping its comments, and an import file", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, [
      "--stack",
      "seeded",
      "--write",
    ]);
    expect(run.code).toBe(0);
    const text = fileOf(run.dir, "seeded");
    expect(text.startsWith(SEEDED_STACK.trimEnd())).toBe(true);
    expect(text).toContain("# two of the three: the hand-made app also holds password-mfa-help");
    expect(text).toContain("  # Written by npm run adopt (docs/ADOPT.md).");
    expect(text).toContain(
      "      # pulumi up revokes okta.policies.read, okta.roles.manage: held beyond the declared capabilities\n" +
        `      moveworks-scopes: ${MOVEWORKS_APP}\n`,
    );
    expect(text).toContain("        - kty: RSA\n          kid: mw-console-2024\n");
    const importFile = JSON.parse(
      readFileSync(path.join(run.dir, "Pulumi.seeded.import.json"), "utf8"),
    );
    expect(importFile.resources.filter((r: { component?: boolean }) => !r.component)).toHaveLength(
      10,
    );
    expect(run.out).toContain("Written: ");

    // The program reads what adopt wrote: the plan marks the same ten imports.
    const plan = await buildPlan({ stack: "seeded", stacksDir: run.dir });
    expect(plan.resources.filter((r) => r.importId !== null)).toHaveLength(10);
    expect(plan.policy.findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("a second run over the written stack uses its pins and changes nothing", async () => {
    const raw = seededOrg();
    const first = await adopt(raw, { seeded: SEEDED_STACK }, ["--stack", "seeded", "--write"]);
    const written = fileOf(first.dir, "seeded");
    const again = await adopt(raw, { seeded: written }, ["--stack", "seeded", "--write", "--json"]);
    expect(again.code).toBe(0);
    expect(fileOf(again.dir, "seeded")).toBe(written);
    const report = JSON.parse(again.out) as AdoptReport;
    expect(report.resources.find((d) => d.name === "moveworks")!.outcome).toMatchObject({
      via: "pinned in oktaplane:adopt.import.moveworks",
    });
  });

  it("prints JSON only with --json: no progress, even on a terminal", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded", "--json"]);
    expect(run.err).toBe("");
    const report = JSON.parse(run.out) as AdoptReport;
    expect(report).toMatchObject({
      version: 1,
      stack: "seeded",
      credential: "api-token",
      written: null,
    });
    expect(report.calls.total).toBe(10);
  });

  it("shows progress on a terminal and is quiet in CI", async () => {
    const tty = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded"]);
    expect(tty.err).toContain("adopt: reading apps\n");
    const ci = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded"], {
      env: { CI: "true" },
    });
    expect(ci.err).toBe("");
  });

  it("never prints the API token, a client secret or a hook secret", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, [
      "--stack",
      "seeded",
      "--write",
    ]);
    const everything = [
      run.out,
      run.err,
      fileOf(run.dir, "seeded"),
      readFileSync(path.join(run.dir, "Pulumi.seeded.import.json"), "utf8"),
    ].join("\n");
    for (const secret of [token, SPOKE_CLIENT_SECRET, HOOK_AUTH_SECRET])
      expect(everything).not.toContain(secret);
  });
});

describe("other shapes of a run", () => {
  it("writes the import file where --import-file says", async () => {
    const target = path.join(stacksDir({}), "adopt-import.json");
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, [
      "--stack",
      "seeded",
      "--write",
      "--import-file",
      target,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8")).nameTable).toEqual({
      okta: "urn:pulumi:seeded::oktaplane::pulumi:providers:okta::okta",
    });
  });

  it("on a Classic org, adopts the okta_push factor by its provider id and reads no authenticators", async () => {
    const run = await adopt(seededOrg(), { classic: CLASSIC_STACK }, [
      "--stack",
      "classic",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as AdoptReport;
    expect(report.readScopes).not.toContain("okta.authenticators.read");
    expect(report.config.adopt.import).toEqual({ "okta-verify-push-factor": "okta_push" });
    expect(sim!.recorder.calls.some((c) => c.operation === "listAuthenticators")).toBe(false);
  });

  it("renders Markdown for a PR comment", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, [
      "--stack",
      "seeded",
      "--markdown",
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("### oktaplane adopt: `seeded`");
    expect(run.out).toContain(`| import | \`moveworks\` | \`${MOVEWORKS_APP}\``);
    expect(run.out).toContain("**Key switch for `moveworks`**");
  });
});

describe("what stops adopt", () => {
  it("duplicate labels: exit 1, the candidates named, nothing written", async () => {
    const run = await adopt(messyOrg(300), { messy: MESSY_STACK }, ["--stack", "messy", "--write"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("To settle before anything is written (1):");
    expect(run.out).toContain("reporting: 2 ACTIVE apps fit; adopt does not guess");
    expect(fileOf(run.dir, "messy")).toBe(MESSY_STACK);
  });

  it("an id in the map that no longer exists: exit 1, named by its key", async () => {
    const stack =
      MESSY_STACK + `  oktaplane:adopt:\n    import:\n      auditor: ${AUDITOR_DELETED}\n`;
    const run = await adopt(messyOrg(10), { messy: stack }, ["--stack", "messy", "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as AdoptReport;
    expect(report.problems).toContainEqual({
      name: "auditor",
      message: `oktaplane:adopt.import.auditor: app ${AUDITOR_DELETED} no longer exists in the org (deleted, or another org)`,
      candidates: [],
    });
  });

  it("a missing read scope: exit 3, the scope named", async () => {
    ({ sim } = await seededSim(seededOrg()));
    const limited = sim.issueToken({
      scopes: readScopes("oie").filter((s) => s !== "okta.roles.read"),
      roles: ["READ_ONLY_ADMIN"],
    });
    let err = "";
    const code = await runAdoptCli(
      ["--stack", "seeded", "--stacks-dir", stacksDir({ seeded: SEEDED_STACK })],
      {
        out: () => undefined,
        err: (t) => (err += t),
        isTTY: false,
        env: { OKTA_ACCESS_TOKEN: limited, OKTA_HTTP_PROXY: sim.url },
      },
    );
    expect(code).toBe(3);
    expect(err).toContain("adopt: cannot read the org: GET /oauth2/v1/clients/");
    expect(err).toContain("HTTP 403 E0000006");
    expect(err).toContain("This read (listRolesForClient) needs okta.roles.read");
    expect(err).not.toContain(limited);
  });

  it("wrong credentials: exit 3 without echoing them", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded"], {
      env: { OKTA_API_TOKEN: "not-the-token-00000000" },
    });
    expect(run.code).toBe(3);
    expect(run.err).toContain("Invalid token provided");
    expect(run.err).not.toContain("not-the-token-00000000");
  });

  it("an unreachable org: exit 3", async () => {
    const port = await freePort();
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded"], {
      env: { OKTA_HTTP_PROXY: `http://127.0.0.1:${port}` },
    });
    expect(run.code).toBe(3);
    expect(run.err).toContain(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it("a service app credential whose OKTA_API_SCOPES lacks a read scope: exit 3, the scopes named", async () => {
    const run = await adopt(seededOrg(), { seeded: SEEDED_STACK }, ["--stack", "seeded"], {
      env: {
        OKTA_API_TOKEN: "",
        OKTA_API_CLIENT_ID: "0oa000000000000000ad",
        OKTA_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
        OKTA_API_PRIVATE_KEY_ID: "k1",
        OKTA_API_SCOPES: "okta.apps.read,okta.apps.manage",
      },
    });
    expect(run.code).toBe(3);
    expect(run.err).toContain(
      "OKTA_API_SCOPES must include okta.apiTokens.read and okta.appGrants.read and okta.authenticators.read and okta.eventHooks.read and okta.inlineHooks.read and okta.roles.read to read the org for adopt (adopt reads with read scopes only)",
    );
  });

  it("a 429 mid-scan is waited out and the run completes", async () => {
    const clock = simClock({ start: 1_800_000_000_000 });
    ({ sim, token } = await seededSim(messyOrg(450), { clock }));
    sim.faults.add("listApplications:429x1");
    const sleeps: number[] = [];
    let out = "";
    const code = await runAdoptCli(
      ["--stack", "messy", "--json", "--stacks-dir", stacksDir({ messy: MESSY_STACK })],
      {
        out: (t) => (out += t),
        err: () => undefined,
        isTTY: false,
        env: { OKTA_API_TOKEN: token, OKTA_HTTP_PROXY: sim.url },
        now: () => clock.now(),
        sleep: async (ms) => {
          sleeps.push(ms);
          clock.advance(ms);
        },
      },
    );
    expect(code).toBe(1); // the messy org's duplicate label, not the 429
    const report = JSON.parse(out) as AdoptReport;
    expect(report.calls.waits).toBe(1);
    expect(sleeps).toHaveLength(1);
    const apps = sim.recorder.calls.filter((c) => c.operation === "listApplications");
    expect(apps.map((c) => c.status)).toEqual([429, 200, 200, 200]);
  });

  it("a read-only service app with DPoP reads the whole org", async () => {
    ({ sim } = await seededSim(seededOrg()));
    const env = await readerApp(sim, { dpop: true });
    let out = "";
    const code = await runAdoptCli(
      ["--stack", "seeded", "--json", "--stacks-dir", stacksDir({ seeded: SEEDED_STACK })],
      { out: (t) => (out += t), err: () => undefined, isTTY: false, env },
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as AdoptReport;
    expect(report.credential).toBe("service-app");
    expect(Object.keys(report.config.adopt.import)).toHaveLength(10);
    // Every management call it made was a GET authorized by a read scope.
    const calls = sim.recorder.calls.filter((c) => c.operation !== "token");
    expect(calls.every((c) => c.method === "GET" && c.status === 200)).toBe(true);
    expect(new Set(calls.map((c) => c.scope))).toEqual(new Set(readScopes("oie")));
    expect(out).not.toContain(env["OKTA_API_PRIVATE_KEY"]!.split("\n")[1]);
  });

  it("usage: exit 2", async () => {
    let err = "";
    const code = await runAdoptCli(["--json", "--markdown", "--stack", "x"], {
      out: () => undefined,
      err: (t) => (err += t),
      isTTY: false,
      env: {},
    });
    expect(code).toBe(2);
    expect(err).toContain("usage: npm run adopt -- --stack <name>");
  });
});
