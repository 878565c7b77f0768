// Benchmark: `npm run adopt` over a simulated org of N apps (the seeds' integrations among bulk
// apps and unmatched API Services apps), each run a fresh process as a user runs it, against the
// Okta simulator with Okta's per-minute buckets on. Reports wall time, Okta calls per rate-limit
// bucket and the share of one minute of each bucket the run used, for an SSWS token and for a
// read-only service app with DPoP. Results go to docs/BENCHMARKS.md (section "Adopt").
// Usage: npx tsx bench/adopt.ts [--runs 5] [--apps 2000]

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { AdoptReport } from "../cli/adopt/report";
import { REPO_ROOT } from "../cli/lib/stackFile";
import { startOktaSim, type OktaSim } from "../sim/okta";
import { bookmarkApp, oidcApp, oktaId, seededOrg } from "../test/adopt/support/orgs";
import { readerApp } from "../test/adopt/support/sim";
import { simSeed } from "../test/adopt/support/simSeed";
import { SEEDED_STACK, stacksDir } from "../test/adopt/support/stacks";
import { median, writeSection } from "./report";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, apps: { type: "string", default: "2000" } },
});
const runs = Number(values.runs);
const apps = Number(values.apps);
/** Unmatched API Services apps among the bulk: each is listed as not managed, none is read further. */
const SERVICE_APPS = 50;

/** The seeds' org grown to `count` apps. */
function org(count: number) {
  const raw = seededOrg();
  const bulk = count - raw.apps.length;
  for (let i = 0; i < bulk; i++)
    raw.apps.push(
      i < SERVICE_APPS
        ? oidcApp({ id: oktaId("0oasv", i), label: `Service ${i}`, type: "service" })
        : bookmarkApp(oktaId("0oabk", i), `Bookmark ${i}`),
    );
  return raw;
}

/** The node flags and entry of `npm run adopt`, so the benchmark runs exactly what users run. */
function adoptCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = pkg.scripts["adopt"]!.split(/\s+/);
  if (node !== "node")
    throw new Error(`adopt script must start with node: ${pkg.scripts["adopt"]}`);
  return args;
}

interface Sample {
  readonly wallMs: number;
  readonly report: AdoptReport;
}

/** One fresh `npm run adopt` process (asynchronous: the simulator answers from this process). */
async function runAdopt(dir: string, env: Record<string, string>): Promise<Sample> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...adoptCommand(), "--stack", "seeded", "--stacks-dir", dir, "--json"],
    { cwd: REPO_ROOT, env: { PATH: process.env["PATH"] ?? "", ...env } },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`adopt exited ${code}: ${err}`);
  return { wallMs, report: JSON.parse(out) as AdoptReport };
}

function row(label: string, samples: Sample[]): string {
  const walls = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  const r = samples[0]!.report;
  const apps = r.calls.budget.find((b) => b.bucket === "/api/v1/apps");
  const buckets = r.calls.budget
    .map((b) => `${b.bucket} ${b.calls}${b.perMinute === undefined ? "" : `/${b.perMinute}`}`)
    .join(", ");
  const share = apps?.share === undefined ? "—" : `${(100 * apps.share).toFixed(0)} %`;
  return (
    `| ${label} | ${(median(walls) / 1000).toFixed(2)} s | ` +
    `${(walls[0]! / 1000).toFixed(2)}–${(walls.at(-1)! / 1000).toFixed(2)} s | ` +
    `${(median(samples.map((s) => s.report.readMs)) / 1000).toFixed(2)} s | ${r.calls.total} | ` +
    `${buckets} | ${share} | ${apps?.share === undefined ? "—" : `${(200 * apps.share).toFixed(0)} %`} | ` +
    `${r.calls.waits} |`
  );
}

async function main(): Promise<void> {
  const dir = stacksDir({ seeded: SEEDED_STACK });
  const sim: OktaSim = await startOktaSim({ seed: simSeed(org(apps)) });
  try {
    const token = sim.sswsToken({ name: "adopt (read-only)", roles: ["READ_ONLY_ADMIN"] });
    const ssws = { OKTA_API_TOKEN: token, OKTA_HTTP_PROXY: sim.url };
    const app = await readerApp(sim, { dpop: true });
    await runAdopt(dir, ssws); // warm the CLI runner's bundle cache and the file-system cache
    const measured = async (env: Record<string, string>) => {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await runAdopt(dir, env));
      return samples;
    };
    const rows = [
      row("SSWS token (Read-only Administrator)", await measured(ssws)),
      row("service app, private_key_jwt + DPoP", await measured(app)),
    ];
    const table = [
      "| Credential | Median wall | Range | of which reading the org | Okta calls | Calls per bucket (of its per-minute limit) | `/api/v1/apps` minute used | at a 50 % token share | 429 waits |",
      "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
      ...rows,
    ].join("\n");
    console.log(table);
    // The reading service app is one more app of the org.
    const listed = apps + 1;
    const pages = Math.ceil(listed / 200);
    // Other jobs share these machines; wall times scale with their load, call counts do not.
    const load = os.loadavg()[0]!.toFixed(1);
    await writeSection(
      "Adopt",
      `Command: \`npx tsx bench/adopt.ts --runs ${runs} --apps ${apps}\`. Each run is a fresh process ` +
        `running the \`npm run adopt\` command line (\`node ${adoptCommand().join(" ")}\`) with --json ` +
        `against the Okta simulator (sim/okta, Okta's per-minute buckets on), after one warm-up. The org: ` +
        `${apps} apps (the seeds' Moveworks and ServiceNow apps, ${SERVICE_APPS} unmatched API Services ` +
        `apps, bookmark apps), the seeds' hooks, authenticators and tokens; the stack is the seeds' ` +
        `(test/adopt/support/stacks.ts). Wall time includes starting Node and the offline plan adopt evaluates first; the reading column is the org scan alone.\n\n` +
        `${table}\n\n` +
        `1-minute load average at the end of the runs: ${load} on ${os.availableParallelism()} CPUs ` +
        "(other jobs share the machine: wall times scale with it, call counts do not).\n\n" +
        `Listing the org's ${listed} apps (the reading service app included) takes ${pages} calls, ` +
        "200 per page; the other calls in that bucket are the grants of the two matched apps. Only " +
        "the matched apps' grants, roles and keys are read. Limits are Okta's Enterprise column " +
        "(developer.okta.com/docs/reference/rl-global-mgmt/): `/api/v1/apps` and `/api/v1/apps/*` " +
        "100 a minute, `/oauth2/v1/clients` 100, most other `/api/v1` 600; a token or app made in " +
        "the Admin Console gets 50 % of each by default. Target: well under one minute of the " +
        "`/api/v1/apps` budget for 2,000 apps. The simulator answers at once; against a real org " +
        "each of the calls, made one after another, adds its round trip (an estimate, not measured " +
        "here: tens of milliseconds each, under a second in all).",
    );
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
