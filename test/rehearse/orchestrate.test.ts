// The rehearsal's orchestration against a STAND-IN for the Pulumi CLI and stand-in simulators:
// which commands run in which order, with which environment and files, and what the report says.
// What this does not prove: that a real Pulumi engine and the real providers behave like the
// stand-in (that is test/engine/rehearse.test.ts, with the engine built here).

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../cli/lib/stackFile";
import { APP, CREATE_APP, devScenario, RESOURCES, STACK } from "./support/devScenario";
import { DEFAULT_SCOPES, runRehearse, type RunResult } from "./support/run";
import { exportOf, failedEvents, stepEvents, summaryEvent } from "./support/scenario";

function stacksDigest(): string {
  const dir = path.join(REPO_ROOT, "stacks");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort())
    hash.update(name).update(readFileSync(path.join(dir, name)));
  return hash.digest("hex");
}

/** The user's real credentials, which the CLI must never see. */
const USER_ENV = {
  OKTA_API_TOKEN: "users-real-ssws-token-000000000000000000",
  OKTA_ORG_NAME: "acme",
  OKTA_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----",
  CLOUDFLARE_API_TOKEN: "users-real-cloudflare-token-00000000000000000",
  CLOUDFLARE_BASE_URL: "https://api.cloudflare.com/client/v4/",
  TWILIO_AUTH_TOKEN: "users-real-twilio",
  PULUMI_ACCESS_TOKEN: "pul-users-real",
  PULUMI_BACKEND_URL: "s3://users-state",
  PULUMI_CONFIG_PASSPHRASE: "users-passphrase",
};

describe("rehearse against the Pulumi stand-in", () => {
  // One happy rehearsal, with the user's credentials in the environment, serves most tests.
  let happy: RunResult;
  let stacksBefore: string;
  beforeAll(async () => {
    stacksBefore = stacksDigest();
    happy = await runRehearse(devScenario(), { env: USER_ENV });
  }, 120_000);

  it("runs init, secrets, up, export, preview, drift preview and destroy, in that order, and passes", async () => {
    const run = happy;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.report?.ok).toBe(true);
    expect(run.report?.problems).toEqual([]);
    expect(run.calls.map((c) => c.key)).toEqual([
      "version",
      "stack init",
      "config set",
      "config set",
      "up",
      "stack export",
      "preview",
      "preview",
      "destroy",
    ]);
    expect(run.report?.phases.map((p) => [p.name, p.ok])).toEqual([
      ["up", true],
      ["preview", true],
      ["drift preview", true],
      ["destroy", true],
    ]);
    // The user's stack files are only read.
    expect(stacksDigest()).toBe(stacksBefore);
    // Everything the rehearsal made is gone.
    expect(run.leftInTmp).toEqual([]);
    expect(run.sims?.closed()).toBe(true);
  });

  it("runs the CLI in a temporary project with a file:// backend, a passphrase and its own PULUMI_HOME", async () => {
    const run = happy;
    const up = run.calls.find((c) => c.key === "up")!;
    const root = path.dirname(up.cwd);
    expect(path.dirname(root)).toBe(run.dir);
    expect(up.env["PULUMI_BACKEND_URL"]).toBe(`file://${root}/backend`);
    expect(up.env["PULUMI_HOME"]).toBe(`${root}/home`);
    expect(up.env["PULUMI_CONFIG_PASSPHRASE"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.argv).toEqual(
      expect.arrayContaining([
        "--yes",
        "--policy-pack",
        path.join(REPO_ROOT, "policy"),
        "--non-interactive",
      ]),
    );
    expect(up.argv[up.argv.indexOf("--stack") + 1]).toBe(STACK);
    expect(up.argv).toContain("--event-log");
    // The project file is a copy; the program and node_modules are the user's, linked.
    expect(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).toContain(
      "stackConfigDir: stacks",
    );
    expect(run.calls.find((c) => c.key === "stack init")!.argv.slice(0, 5)).toEqual([
      "stack",
      "init",
      STACK,
      "--secrets-provider",
      "passphrase",
    ]);
  });

  it("points the providers at the simulators and withholds the user's Okta, Cloudflare, Twilio and Pulumi credentials", async () => {
    const run = happy;
    for (const call of run.calls.filter((c) => c.key !== "version")) {
      expect(call.env["OKTA_HTTP_PROXY"]).toBe(run.sims!.okta.url);
      expect(call.env["OKTA_ACCESS_TOKEN"]).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(call.env["CLOUDFLARE_API_TOKEN"]).toBe(run.sims!.cloudflare.apiToken);
      for (const [key, value] of Object.entries(USER_ENV)) {
        expect(call.env[key], key).not.toBe(value);
      }
      expect(call.env["OKTA_API_TOKEN"]).toBeUndefined();
      expect(call.env["PULUMI_ACCESS_TOKEN"]).toBeUndefined();
    }
    expect(run.report?.settings.withheldEnv).toEqual(Object.keys(USER_ENV).sort());
    // The deployer's calls carried the simulator token (the stand-in made them with it).
    expect(
      run.sims!.okta.recorder.calls.filter((c) => c.caller === "deployer").length,
    ).toBeGreaterThan(0);
  });

  it("writes a temporary stack file without secrets, pointed at the simulators, with small backoff waits", async () => {
    const run = happy;
    const init = run.calls.find((c) => c.key === "stack init")!;
    const text = init.stackFile!;
    expect(text).not.toMatch(/secure:|encryptionsalt/);
    expect(text).toContain(`okta:httpProxy: ${run.sims!.okta.url}`);
    expect(text).toContain(`cloudflare:baseUrl: ${run.sims!.cloudflare.baseUrl}`);
    expect(text).toMatch(/minWaitSeconds: 1\n/);
    expect(text).toMatch(/maxWaitSeconds: 2\n/);
    expect(text).toContain("orgName: dev-31415926");
    expect(run.report?.settings.backoff.user).toMatchObject({
      minWaitSeconds: 30,
      maxWaitSeconds: 120,
    });
    // The example stacks hold no ciphertext (issue 13), so there is no secure: value to drop.
    expect(run.report?.settings.droppedConfig).toEqual([]);
  });

  it("with a faster simulated clock, turns the provider's own throttle off and keeps the user's share for the floor", async () => {
    const run = await runRehearse(devScenario(), { argv: ["--json", "--clock-scale", "60"] });
    const text = run.calls.find((c) => c.key === "stack init")!.stackFile!;
    expect(text).toMatch(/maxApiCapacity: 100\n/);
    expect(run.report?.settings.clockScale).toBe(60);
    expect(run.report?.settings.backoff.rehearsal["maxApiCapacity"]).toBe(100);
    expect(run.report?.settings.backoff.user["maxApiCapacity"]).toBe(80);
    expect(run.report?.okta.realTimeFloor.capacityPercent).toBe(80);
    const normal = happy;
    expect(normal.calls.find((c) => c.key === "stack init")!.stackFile!).toMatch(
      /maxApiCapacity: 80\n/,
    );
  });

  it("sets each secret the stack needs from stdin, never on the command line, and keeps it out of the report", async () => {
    const run = happy;
    const sets = run.calls.filter((c) => c.key === "config set");
    expect(sets.map((c) => c.argv[3])).toEqual([
      "oktaplane:oktaApiToken",
      "oktaplane:twilioAuthToken",
    ]);
    for (const set of sets) {
      expect(set.argv).toContain("--secret");
      expect(set.stdin.length).toBeGreaterThanOrEqual(32);
      expect(set.argv.join(" ")).not.toContain(set.stdin);
      expect(run.stdout).not.toContain(set.stdin);
    }
    expect(sets[0]!.stdin).toMatch(/^00[0-9A-Za-z]{40}$/);
    expect(sets[1]!.stdin).toMatch(/^[0-9a-f]{32}$/);
    const token = run.calls.find((c) => c.key === "up")!.env["OKTA_ACCESS_TOKEN"]!;
    expect(run.stdout).not.toContain(token);
  });

  it("issues the deployer a token with exactly the plan's scopes, and reports every 403 with the missing scope", async () => {
    const scenario = devScenario({
      up: [
        {
          exitCode: 255,
          requests: [CREATE_APP, { method: "GET", path: "/api/v1/policies?type=ACCESS_POLICY" }],
          events: failedEvents(STACK, APP, "error: listing policies: 403 E0000006"),
        },
      ],
    });
    const scopes = ["okta.apps.manage"];
    const run = await runRehearse(scenario, { scopes });
    expect(run.code).toBe(1);
    expect(run.report?.deployer).toEqual({ scopes, source: "plan", roles: ["SUPER_ADMIN"] });
    expect(run.report?.okta.forbidden).toEqual([
      {
        phase: "up",
        operation: "listPolicies",
        method: "GET",
        path: "/api/v1/policies",
        caller: "deployer",
        missingScope: "okta.policies.read",
        errorCode: "E0000006",
      },
    ]);
    expect(run.report?.problems).toContain(
      "403 on listPolicies during up: the deployer lacks okta.policies.read",
    );
    expect(run.report?.problems[0]).toMatch(/^up failed: reporting-app: error: listing policies/);
    // A failed up skips the previews and the round trip, and still destroys what was made.
    expect(run.report?.phases.map((p) => p.name)).toEqual(["up", "destroy"]);
    expect(run.report?.roundTrip).toEqual({ ran: false, reason: "the up failed" });
    expect(run.leftInTmp).toEqual([]);
  });

  it("takes the deployer scopes from --scopes, else from OKTA_API_SCOPES, else from the plan", async () => {
    const fromFlag = await runRehearse(devScenario(), {
      argv: ["--json", "--scopes", "okta.apps.manage,okta.appGrants.manage"],
      env: { OKTA_API_SCOPES: "okta.users.read" },
    });
    expect(fromFlag.report?.deployer).toEqual({
      scopes: ["okta.appGrants.manage", "okta.apps.manage"],
      source: "--scopes",
      roles: ["SUPER_ADMIN"],
    });
    const fromEnv = await runRehearse(devScenario(), {
      env: { OKTA_API_SCOPES: "okta.apps.manage okta.eventHooks.manage" },
    });
    expect(fromEnv.report?.deployer).toEqual({
      scopes: ["okta.apps.manage", "okta.eventHooks.manage"],
      source: "OKTA_API_SCOPES",
      roles: ["SUPER_ADMIN"],
    });
    // OKTA_API_SCOPES is read, never passed on.
    expect(fromEnv.calls.every((c) => c.env["OKTA_API_SCOPES"] === undefined)).toBe(true);
    const fromPlan = happy;
    expect(fromPlan.report?.deployer).toEqual({
      scopes: DEFAULT_SCOPES,
      source: "plan",
      roles: ["SUPER_ADMIN"],
    });
  });

  it("counts Okta calls per operation, per bucket and per phase, with the real-time floor of the deploy", async () => {
    const run = happy;
    const okta = run.report!.okta;
    expect(okta.byOperation.find((o) => o.operation === "grantConsentToScope")).toEqual({
      operation: "grantConsentToScope",
      calls: 2,
      byPhase: { up: 2 },
      statuses: { "200": 2 },
    });
    expect(okta.byOperation.find((o) => o.operation === "getApplication")?.byPhase).toEqual({
      preview: 1,
    });
    const apps = okta.byBucket.find((b) => b.bucket === "api/v1/apps")!;
    // createApplication + 2 grants in the up; dev lets the provider use 80 % of 100/min.
    expect(apps).toEqual({
      bucket: "api/v1/apps",
      calls: 3,
      deployCalls: 3,
      limitPerMinute: 100,
      floorSeconds: 2.3,
    });
    expect(okta.realTimeFloor).toMatchObject({
      bucket: "api/v1/apps",
      seconds: 2.3,
      capacityPercent: 80,
    });
    expect(run.report!.phases[0]!.oktaCalls).toBe(4);
  });

  it("reports a non-empty second preview as perma-diffs", async () => {
    const scenario = devScenario({
      preview: [
        {
          exitCode: 255,
          events: [
            ...stepEvents(STACK, "same", RESOURCES.slice(1), { planning: true }),
            ...stepEvents(STACK, "update", [APP], {
              planning: true,
              diffs: { [APP.name]: ["settings"] },
            }),
          ],
          stderr: "error: no changes were expected but changes were proposed\n",
        },
        devScenario().preview![1]!,
      ],
    });
    const run = await runRehearse(scenario);
    expect(run.code).toBe(1);
    expect(run.report?.permaDiffs).toEqual([
      expect.objectContaining({
        urn: expect.stringContaining("reporting-app"),
        op: "update",
        diffs: ["settings"],
      }),
    ]);
    expect(run.report?.problems).toContain(
      "second preview not empty (perma-diff): reporting-app [settings]",
    );
  });

  it("edits the deployed app as the console would and checks that preview --refresh sees it", async () => {
    const run = happy;
    expect(run.report?.drift?.edit).toEqual({
      resource: "okta:app/oAuth:OAuth",
      id: APP.id,
      field: "label",
      from: "oktaplane dev reporting",
      to: "oktaplane dev reporting (edited)",
    });
    expect(run.report?.drift?.seen).toBe(true);
    const driftPreview = run.calls.filter((c) => c.key === "preview")[1]!;
    expect(driftPreview.argv).toContain("--refresh");

    const blind = await runRehearse(
      devScenario({ preview: [devScenario().preview![0]!, devScenario().preview![0]!] }),
    );
    expect(blind.report?.drift?.seen).toBe(false);
    expect(blind.report?.problems).toContain(
      "drift not seen: `pulumi preview --refresh` proposed no change after the console edit of okta:app/oAuth:OAuth",
    );
  });

  it("runs the hook round trip: verification during the up, one code sent, one event fed back", async () => {
    const run = happy;
    expect(run.report?.roundTrip).toMatchObject({
      ran: true,
      ok: true,
      verification: { ok: true, status: 200 },
      telephony: { ok: true, status: 200, codesSent: 1 },
      feedback: { ok: true, status: 200, approved: 1 },
    });
    const execute = run.sims!.okta.recorder.calls.find((c) => c.operation === "executeInlineHook")!;
    expect(execute.caller).toBe("rehearse");
    expect(
      run.report?.okta.byOperation.find((o) => o.operation === "executeInlineHook")?.byPhase,
    ).toEqual({
      "round trip": 1,
    });
  });

  it("unprotects protected resources in the temporary stack before destroy, and reports retained ones", async () => {
    const protectedApp = { ...APP, protect: true };
    const resources = [protectedApp, ...RESOURCES.slice(1)];
    const run = await runRehearse(
      devScenario({ "stack export": [{ stdout: exportOf(STACK, resources) }] }),
    );
    const keys = run.calls.map((c) => c.key);
    expect(keys.indexOf("state unprotect")).toBeGreaterThan(keys.lastIndexOf("preview"));
    expect(keys.indexOf("state unprotect")).toBeLessThan(keys.indexOf("destroy"));
    expect(run.calls.find((c) => c.key === "state unprotect")!.argv).toEqual(
      expect.arrayContaining(["state", "unprotect", "--all", "--yes", "--stack", STACK]),
    );
    expect(run.report?.resources.protected).toEqual([expect.stringContaining("reporting-app")]);
    expect(run.report?.resources.retained).toEqual([expect.stringContaining("okta-verify")]);
    expect(run.report?.phases.map((p) => p.name)).toContain("unprotect");
    expect(run.report?.ok).toBe(true);
  });

  it("reports an app that destroy left behind", async () => {
    const run = await runRehearse(
      devScenario({ destroy: [{ events: [summaryEvent({ delete: 4 })] }] }),
    );
    expect(run.report?.leftAfterDestroy).toEqual([APP.id]);
    expect(run.report?.problems).toContain(
      `destroy left app ${APP.id} in Okta (not retained by design)`,
    );
  });

  it("with --fault, re-runs a failed up once the fault is over and checks that nothing was lost", async () => {
    const scenario = devScenario({
      up: [
        {
          exitCode: 255,
          requests: [CREATE_APP],
          events: failedEvents(STACK, APP, "error: 429 E0000047"),
        },
        devScenario().up![0]!,
      ],
    });
    // The first attempt's app never reached Okta (the fault answered first), so the re-run's is the only one.
    const run = await runRehearse(scenario, {
      argv: ["--json", "--fault", "createApplication:429"],
    });
    expect(
      run.report?.phases.slice(0, 2).map((p) => [p.name, p.ok, p.faultInjected === true]),
    ).toEqual([
      ["up", false, true],
      ["up (re-run)", true, false],
    ]);
    expect(run.report?.okta.rateLimited).toEqual([
      expect.objectContaining({
        phase: "up",
        operation: "createApplication",
        bucket: "api/v1/apps",
      }),
    ]);
    expect(run.report?.integrity).toMatchObject({
      ok: true,
      appsInState: 1,
      orphanedApps: [],
      keyMismatches: [],
    });
    expect(run.report?.settings.faults).toEqual(["createApplication:429"]);
    expect(run.report?.ok).toBe(true);
    // The deploy's floor counts both attempts.
    expect(run.report?.okta.byBucket.find((b) => b.bucket === "api/v1/apps")?.deployCalls).toBe(4);
  });

  it("finds an orphaned app and a second key after an interrupted deploy", async () => {
    const orphan = {
      ...CREATE_APP,
      body: { id: "0oa9orphan0000000001", label: "oktaplane dev reporting", kids: ["k1"] },
    };
    const twoKeys = { ...CREATE_APP, body: { ...CREATE_APP.body, kids: ["k1", "k1-again"] } };
    const scenario = devScenario({
      up: [
        { exitCode: 255, requests: [orphan], events: failedEvents(STACK, APP, "error: 502") },
        { requests: [twoKeys], events: stepEvents(STACK, "create", RESOURCES) },
      ],
    });
    const run = await runRehearse(scenario, { argv: ["--json", "--fault", "listPolicies:502"] });
    expect(run.report?.integrity?.orphanedApps).toEqual([
      { id: "0oa9orphan0000000001", label: "oktaplane dev reporting" },
    ]);
    expect(run.report?.integrity?.keyMismatches).toEqual([
      { urn: expect.stringContaining("reporting-app"), declared: ["k1"], live: ["k1", "k1-again"] },
    ]);
    expect(run.code).toBe(1);
    expect(run.report?.problems).toEqual(
      expect.arrayContaining([
        "orphaned app 0oa9orphan0000000001 (oktaplane dev reporting): in Okta but in no state",
        "reporting-app: Okta holds keys [k1, k1-again], the state declares [k1]",
      ]),
    );
  });

  it("reports a pending operation left in the state", async () => {
    const run = await runRehearse(
      devScenario({ "stack export": [{ stdout: exportOf(STACK, RESOURCES, [APP]) }] }),
    );
    expect(run.report?.integrity?.pendingOperations).toEqual([
      { urn: expect.stringContaining("reporting-app"), type: "creating" },
    ]);
    expect(run.report?.ok).toBe(false);
  });

  it("links the user's plugin cache into the temporary PULUMI_HOME when there is one", async () => {
    const { dir } = happy;
    const home = path.join(dir, "pulumi-home");
    mkdirSync(path.join(home, "plugins"), { recursive: true });
    const run = await runRehearse(devScenario(), { env: { PULUMI_HOME: home } });
    expect(run.report?.settings.pluginCache).toBe("linked");
    const up = run.calls.find((c) => c.key === "up")!;
    expect(up.env["PULUMI_HOME"]).not.toBe(home);
  });
});
