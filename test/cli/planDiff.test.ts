// `plan --against` / `--base` on constructed changes: a label change is an update, a new app a
// create, a removed app a delete; an OAuth app's type change is a replacement (the provider's
// ForceNew), cascades to its scope grant and role assignments, and is flagged as vendor
// reconfiguration for the connector using it, naming the handoff fields to paste again.
// Earlier plans are built from the real program, then edited where config cannot express the
// change (an app's type); what this cannot prove is that the engine agrees in every detail.

import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../cli/lib/evaluate";
import { diffPlans, FROM_REPLACEMENT, type PlanDiff } from "../../cli/lib/planDiff";
import { buildPlan, type PlanReport } from "../../cli/lib/planReport";
import { REPO_ROOT, STACKS_DIR } from "../../cli/lib/stackFile";
import { runPlan } from "./support/planCli";

let dir: string;
let dev: PlanReport;
const devText = () => readFile(path.join(STACKS_DIR, "Pulumi.dev.yaml"), "utf8");

/** The plan of a stack file of this text, in a directory of its own (`dir` keeps the example). */
async function planOf(name: string, text: string): Promise<PlanReport> {
  const own = await mkdtemp(path.join(dir, "case-"));
  await writeFile(path.join(own, `Pulumi.${name}.yaml`), text);
  return buildPlan({ stack: name, stacksDir: own });
}

/** An earlier plan: the same records, one resource's inputs edited. */
function edited(
  resources: readonly ResourceRecord[],
  name: string,
  type: string,
  inputs: Record<string, unknown>,
): ResourceRecord[] {
  return resources.map((r) =>
    r.name === name && r.type === type
      ? { ...r, inputs: { ...r.inputs, ...inputs } as ResourceRecord["inputs"] }
      : r,
  );
}

const diff = (before: readonly ResourceRecord[], after: PlanReport): PlanDiff =>
  diffPlans(before, after.resources, {
    against: "earlier",
    stack: after.stack,
    connectors: after.connectors,
  });
const names = (xs: readonly { type: string; name: string }[]) =>
  xs.map((x) => `${x.type} ${x.name}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "oktaplane-diff-"));
  await writeFile(path.join(dir, "Pulumi.dev.yaml"), await devText());
  dev = await buildPlan({ stack: "dev", stacksDir: dir });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("diffPlans", () => {
  it("finds nothing between a plan and itself", () => {
    const d = diff(dev.resources, dev);
    expect([d.created, d.updated, d.replaced, d.deleted, d.vendorReconfigurations]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it("a label change is an update of that input only", async () => {
    const after = await planOf(
      "dev",
      (await devText()).replace("label: oktaplane dev reporting", "label: oktaplane dev reports"),
    );
    const d = diff(dev.resources, after);
    expect(d.replaced).toEqual([]);
    expect(d.updated).toEqual([
      expect.objectContaining({
        name: "reporting",
        type: "okta:app/oAuth:OAuth",
        changes: [{ key: "label", from: "oktaplane dev reporting", to: "oktaplane dev reports" }],
      }),
    ]);
  });

  it("a new app is created and a removed one deleted, with everything under them", async () => {
    const text = (await devText()).replace(
      "    reporting:\n",
      "    exporter:\n      label: oktaplane dev exporter\n      capabilities: [read-users]\n    reporting:\n",
    );
    const after = await planOf("dev", text);
    const d = diff(dev.resources, after);
    expect(names(d.created)).toEqual(
      expect.arrayContaining([
        "okta:app/oAuth:OAuth exporter",
        "tls:index/privateKey:PrivateKey exporter-key-primary",
      ]),
    );
    expect(d.deleted).toEqual([]);
    const back = diffPlans(after.resources, dev.resources, {
      against: "x",
      stack: "dev",
      connectors: dev.connectors,
    });
    expect(names(back.deleted)).toEqual(names(d.created));
    expect(back.created).toEqual([]);
  });

  it("an OAuth app's type change replaces it, its grant and its roles, and flags the connector", () => {
    const before = edited(dev.resources, "moveworks", "okta:app/oAuth:OAuth", { type: "web" });
    const d = diff(before, dev);
    const replaced = Object.fromEntries(
      d.replaced.map((r) => [r.name, r.reasons.map((x) => x.because)]),
    );
    expect(replaced["moveworks"]).toEqual(['type: "web" → "service"']);
    expect(replaced["moveworks-scopes"]).toEqual([
      "appId comes from okta:app/oAuth:OAuth moveworks, which is replaced",
    ]);
    // A role assignment has no update: any input change replaces it.
    expect(replaced["moveworks-role-app-admin"]).toEqual([
      "clientId comes from okta:app/oAuth:OAuth moveworks, which is replaced",
    ]);
    expect(d.replaced.find((r) => r.name === "moveworks")!.reasons[0]!.source).toContain(
      "resource_okta_app_oauth.go",
    );
    // The DPoP setting replaces too (its own diff() replaces on appId).
    expect(replaced["moveworks-dpop"]).toEqual([
      "appId comes from okta:app/oAuth:OAuth moveworks, which is replaced",
    ]);
    expect(d.vendorReconfigurations).toEqual([
      {
        connector: "moveworks",
        title: "Moveworks Agent Studio: Okta connector (JWT Auth)",
        because: ["okta:app/oAuth:OAuth moveworks is replaced: a new client id"],
        fields: [
          "Agent Studio connector › Description",
          "Agent Studio connector › Client ID",
          "Agent Studio connector › Jwt Auth Claims Issuer",
          "Agent Studio connector › Jwt Auth Claims Subject",
        ],
        command: "npm run handoff -- --stack dev --connector moveworks",
      },
    ]);
  });

  it("a new key replaces the key, updates the app's JWKS, and flags Private Key and KID", () => {
    const before = edited(
      dev.resources,
      "moveworks-key-primary",
      "tls:index/privateKey:PrivateKey",
      { rsaBits: 4096 },
    );
    const d = diff(before, dev);
    expect(names(d.replaced)).toEqual(["tls:index/privateKey:PrivateKey moveworks-key-primary"]);
    expect(
      d.updated.find((u) => u.name === "moveworks" && u.type === "okta:app/oAuth:OAuth")!.changes,
    ).toEqual([{ key: "jwks", from: "[unknown]", to: FROM_REPLACEMENT }]);
    expect(d.vendorReconfigurations.map((v) => [v.connector, v.fields])).toEqual([
      ["moveworks", ["Agent Studio connector › Private Key", "Agent Studio connector › KID"]],
    ]);
  });

  it("a custom role's label change replaces the role and the assignments that bind it", () => {
    const before = edited(
      dev.resources,
      "admin-roles-role-user-reader",
      "okta:index/adminRoleCustom:AdminRoleCustom",
      {
        label: "oktaplane dev readers",
      },
    );
    const d = diff(before, dev);
    expect(names(d.replaced).sort()).toEqual([
      "okta:app/oauthRoleAssignment:OauthRoleAssignment hook-receiver-role-custom-user-reader",
      "okta:app/oauthRoleAssignment:OauthRoleAssignment moveworks-role-custom-user-reader",
      "okta:index/adminRoleCustom:AdminRoleCustom admin-roles-role-user-reader",
    ]);
    // No vendor form holds a role: nothing to paste again.
    expect(d.vendorReconfigurations).toEqual([]);
  });

  it("a hook secret replaced: the stack rewires its own Worker; an external receiver is flagged", async () => {
    const before = edited(
      dev.resources,
      "hook-receiver-event-hook-secret",
      "random:index/randomPassword:RandomPassword",
      {
        length: 32,
      },
    );
    const d = diff(before, dev);
    expect(names(d.replaced)).toEqual([
      "random:index/randomPassword:RandomPassword hook-receiver-event-hook-secret",
    ]);
    expect(names(d.updated)).toEqual(
      expect.arrayContaining(["okta:index/eventHook:EventHook twilio-verify-feedback-hook"]),
    );
    expect(d.vendorReconfigurations).toEqual([]);

    const text = (await devText()).replace(
      /  oktaplane:hookReceiver:\n( {4}.*\n)+/,
      "  oktaplane:hookReceiver:\n    externalUrl: https://hooks.example.com\n",
    );
    const external = await planOf("external", text);
    const d2 = diff(
      edited(
        external.resources,
        "hook-receiver-event-hook-secret",
        "random:index/randomPassword:RandomPassword",
        { length: 32 },
      ),
      external,
    );
    expect(d2.vendorReconfigurations).toEqual([
      expect.objectContaining({
        connector: "twilio-verify",
        fields: [],
        because: [
          "random:index/randomPassword:RandomPassword hook-receiver-event-hook-secret is replaced: a new hook secret",
          "the receiver at hookReceiver.externalUrl must be given the new secret",
        ],
      }),
    ]);
  });
});

describe("plan --against", () => {
  it("prints replacements with reasons and the vendor forms to fix, in text, Markdown and JSON", async () => {
    const before = {
      ...dev,
      resources: edited(dev.resources, "servicenow-spoke", "okta:app/oAuth:OAuth", {
        type: "service",
      }),
    };
    const file = path.join(dir, "before.json");
    await writeFile(file, JSON.stringify(before));
    const text = await runPlan(["--stack", "dev", "--stacks-dir", dir, "--against", file]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      `Changes against ${file}: 0 to create · 0 to update · 2 to replace · 0 to delete`,
    );
    expect(text.out).toContain(
      '+- okta:app/oAuth:OAuth  servicenow-spoke: replaced because type: "service" → "web"',
    );
    expect(text.out).toContain(
      "paste again after pulumi up: Configure Connection › OAuth Client ID, Configure Connection › OAuth Client Secret",
    );
    expect(text.err).toMatch(/· 2 changes \(2 replaced\) ·/);

    const md = await runPlan([
      "--stack",
      "dev",
      "--stacks-dir",
      dir,
      "--against",
      file,
      "--markdown",
    ]);
    expect(md.out).toContain("**Vendor reconfiguration required: `servicenow-spoke`**");
    expect(md.out).toContain("**Configure Connection › OAuth Client ID**");

    const json = JSON.parse(
      (await runPlan(["--stack", "dev", "--stacks-dir", dir, "--against", file, "--json"])).out,
    ) as PlanReport;
    expect(json.diff!.replaced.map((r) => r.name)).toEqual([
      "servicenow-spoke",
      "servicenow-spoke-scopes",
    ]);
  });

  it.each([
    [["--against", "/nonexistent/plan.json"], "cannot read the file"],
    [["--against", "@other"], "is a plan of stack staging, not dev"],
    [["--against", "x.json", "--base", "main"], "--against and --base cannot be combined"],
  ])("%j exits 2", async (args, message) => {
    const other = path.join(dir, "other.json");
    await writeFile(other, JSON.stringify({ ...dev, stack: "staging" }));
    const argv = args.map((a) => (a === "@other" ? other : a));
    const r = await runPlan(["--stack", "dev", "--stacks-dir", dir, ...argv]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe("plan --base", () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" });

  beforeAll(async () => {
    // A repository of this project's code, its node_modules borrowed from this checkout.
    repo = await mkdtemp(path.join(os.tmpdir(), "oktaplane-base-repo-"));
    const files = execFileSync("git", ["-C", REPO_ROOT, "ls-files"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => f && !/^(test|docs|bench)\//.test(f));
    for (const f of files) {
      await mkdir(path.dirname(path.join(repo, f)), { recursive: true });
      await cp(path.join(REPO_ROOT, f), path.join(repo, f));
    }
    await symlink(path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules"));
    git("init", "--quiet", "-b", "main");
    // .gitignore's `node_modules/` does not match a symlink.
    await writeFile(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "base");
  }, 60_000);
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("plans the ref in a temporary worktree, and removes it", async () => {
    const file = path.join(repo, "stacks", "Pulumi.dev.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(
        "label: oktaplane dev reporting",
        "label: oktaplane dev reports",
      ),
    );
    const r = await runPlan(["--stack", "dev", "--base", "main", "--json"], { root: repo });
    expect(r.code, r.err).toBe(0);
    const d = (JSON.parse(r.out) as PlanReport).diff!;
    expect(d.against).toMatch(/^main \([0-9a-f]{7}\)$/);
    // Only the label: the Worker bundle built there is the one built here.
    expect(d.updated.map((u) => [u.name, u.changes.map((c) => c.key)])).toEqual([
      ["reporting", ["label"]],
    ]);
    expect([d.created, d.replaced, d.deleted]).toEqual([[], [], []]);
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("a stack new since the ref: everything is created", async () => {
    await writeFile(
      path.join(repo, "stacks", "Pulumi.qa.yaml"),
      await readFile(path.join(repo, "stacks", "Pulumi.dev.yaml"), "utf8"),
    );
    const r = await runPlan(["--stack", "qa", "--base", "main", "--json"], { root: repo });
    const d = (JSON.parse(r.out) as PlanReport).diff!;
    expect(d.against).toMatch(/where the stack is new$/);
    expect(d.created.length).toBeGreaterThan(20);
  });

  it("an unknown ref exits 2 with the branch meant", async () => {
    const r = await runPlan(["--stack", "dev", "--base", "mian"], { root: repo });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--base mian: no such commit or branch (did you mean "main"?)');
  });
});
