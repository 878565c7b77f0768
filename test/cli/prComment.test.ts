// The offline PR comment for 3 stacks × 50 service apps, each with every app relabelled (an
// update each) and a connector app replaced: far over GitHub's limit in full, so it must stay
// under 65,000 characters with every stack's summary intact, drop whole sections with a line
// that links the job summary, and close every <details> it opens.

import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { main as comment } from "../../cli/comment";
import { diffPlans } from "../../cli/lib/planDiff";
import { buildPlan, type PlanReport } from "../../cli/lib/planReport";
import { buildComment, COMMENT_LIMIT, COMMENT_MARKER } from "../../cli/lib/prComment";
import { markdownPlan, renderMarkdown } from "../../cli/lib/renderPlan";
import { STACKS_DIR } from "../../cli/lib/stackFile";
import { WORKFLOWS_DIR } from "../../cli/lintWorkflows";

const URL = "https://github.com/acme/okta/actions/runs/42";
let dir: string;
const reports: PlanReport[] = [];

/** The example stack with 50 more service apps, labelled `<prefix> <stack> app-N`. */
async function bigStack(stack: string, prefix: string): Promise<PlanReport> {
  const doc = parse(await readFile(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, any>;
  };
  const capabilities = [["read-only"], ["read-users"], ["password-mfa-help"]];
  for (let i = 0; i < 50; i++)
    doc.config["oktaplane:serviceApps"][`app-${i}`] = {
      label: `${prefix} ${stack} app-${i}`,
      capabilities: capabilities[i % capabilities.length],
    };
  const own = await mkdtemp(path.join(dir, `${stack}-`));
  await writeFile(path.join(own, `Pulumi.${stack}.yaml`), stringify(doc));
  return buildPlan({ stack, stacksDir: own });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "oktaplane-comment-"));
  for (const stack of ["dev", "staging", "prod"]) {
    const after = await bigStack(stack, "new");
    // The earlier plan: every added app had another label (an update each), and a connector
    // app had another type (a replacement, and a vendor form to fix).
    const earlier = after.resources.map((r) =>
      r.type !== "okta:app/oAuth:OAuth"
        ? r
        : r.name === "moveworks"
          ? { ...r, inputs: { ...r.inputs, type: "web" } }
          : r.name.startsWith("app-")
            ? { ...r, inputs: { ...r.inputs, label: `old ${stack} ${r.name}` } }
            : r,
    );
    const diff = diffPlans(earlier, after.resources, {
      against: "main (abc1234)",
      stack,
      connectors: after.connectors,
    });
    reports.push({ ...after, diff });
  }
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every <details> closes, and none closes before it opens. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const m of text.matchAll(/<(\/?)details\b/g)) {
    depth += m[1] === "/" ? -1 : 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe("the offline PR comment", () => {
  it("would be far over the limit in full", () => {
    const full = reports.map(renderMarkdown).join("\n").length;
    expect(full).toBeGreaterThan(2 * COMMENT_LIMIT);
  });

  it("stays under 65,000 characters with every stack's summary intact and every <details> closed", () => {
    const body = buildComment(
      reports.map((report) => ({ stack: report.stack, report })),
      { summaryUrl: URL, commit: "0123456789abcdef" },
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(balanced(body)).toBe(true);
    for (const report of reports) {
      const summary = markdownPlan(report).summary;
      expect(body).toContain(summary);
      expect(summary).toContain("0 to create · 50 to update · 9 to replace · 0 to delete");
      expect(summary).toContain("**Vendor reconfiguration required: `moveworks`**");
      expect(summary).toContain("**Secrets to set (2):**");
      expect(summary).toContain("**Okta scopes the deploying credential needs:** `okta.");
      expect(summary).toContain("**Policy: no violations**");
    }
    // Whole sections left out, each stack saying which, with the link.
    const omitted = [
      ...body.matchAll(
        /_Left out to stay under GitHub's comment size limit: (.*)\. Everything is in the \[job summary\]\((.*)\)\._/g,
      ),
    ];
    expect(omitted.length).toBeGreaterThan(0);
    for (const m of omitted) {
      expect(m[2]).toBe(URL);
      for (const title of m[1]!.split(", "))
        expect(body).not.toContain(`<summary>${title}</summary>`);
    }
    // The most important details come first: every stack's change table made it.
    expect(body.match(/<summary>Changes<\/summary>/g)).toHaveLength(3);
  });

  it("drops a whole stack, saying so, when even the summaries do not fit", () => {
    const body = buildComment(
      reports.map((report) => ({ stack: report.stack, report })),
      { summaryUrl: URL, limit: 5_000 },
    );
    expect(body.length).toBeLessThanOrEqual(5_000);
    expect(balanced(body)).toBe(true);
    expect(body).toContain("_Stacks left out to stay under GitHub's comment size limit:");
  });

  it("shows a stack whose config is invalid, or whose plan did not run, by its reason", () => {
    const body = buildComment(
      [
        { stack: "dev", problems: [{ key: "oktaplane:okta.orgName", message: "is required" }] },
        {
          stack: "prod",
          failure: "index.ts(1,1): error TS2322: nope\nplan: 1 TypeScript error(s)",
        },
      ],
      { summaryUrl: URL },
    );
    expect(body).toContain("### oktaplane plan: `dev` — configuration invalid");
    expect(body).toContain("- `oktaplane:okta.orgName`: is required");
    expect(body).toContain("error TS2322: nope");
  });

  it("is built from the plan directories the workflow uploads, in promotion order", async () => {
    const root = path.join(dir, "offline-plans");
    for (const report of [...reports].reverse()) {
      const d = path.join(root, `offline-plan-${report.stack}`, report.stack);
      await mkdir(d, { recursive: true });
      await writeFile(path.join(d, "plan.json"), JSON.stringify(report));
    }
    let stdout = "";
    const code = await comment(["--plans", root, "--run-url", URL], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    expect(stdout.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const order = [...stdout.matchAll(/### oktaplane plan: `(\w+)`/g)].map((m) => m[1]);
    expect(order).toEqual(["dev", "staging", "prod"]);
  });

  it("uses the marker pr-comment.yml looks for", () => {
    const workflow = readFileSync(path.join(WORKFLOWS_DIR, "pr-comment.yml"), "utf8");
    expect(workflow).toContain(`const marker = "${COMMENT_MARKER}";`);
  });
});
