// `npm run engine:probe`: asks the Go module proxy for every module the real-engine build needs
// (scripts/engine/probeTargets.ts) and says which are served, which refused, and whether the
// build is blocked. It downloads module zips into the engine cache; it builds nothing.
// Usage: npm run engine:probe [-- --json | --markdown]; exit 0 = nothing blocking, 1 = blocked.
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { engineDir, goEnv } from "./goEnv";
import { blockingNeeds, type Need, probeTargets, type ProbeTarget } from "./probeTargets";

export type Outcome = "served" | "refused" | "not-found" | "error";

export interface ProbeResult {
  readonly target: ProbeTarget;
  readonly outcome: Outcome;
  /** The proxy's answer with URLs removed, or what was served. */
  readonly detail: string;
  readonly seconds: number;
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Classifies a `go` error text. The proxy answers 403 "This module version is not available" for
 * what it will not serve (also for versions that do not exist) and 404/410 for what it does not
 * know; URLs are cut so the record names no host.
 */
export function classifyGoError(text: string): { outcome: Outcome; detail: string } {
  const status = /\b(\d{3}) ([A-Z][A-Za-z ]*)/.exec(text);
  const response = /server response:\s*(.+)/.exec(text);
  const detail = [status ? `${status[1]} ${status[2]!.trim()}` : "", response?.[1]?.trim() ?? ""]
    .filter(Boolean)
    .join(": ");
  const plain =
    text
      .replace(/https?:\/\/\S+/g, "<url>")
      .trim()
      .split("\n")[0] ?? "";
  const code = status?.[1];
  if (code === "403") return { outcome: "refused", detail };
  if (code === "404" || code === "410") return { outcome: "not-found", detail };
  return { outcome: "error", detail: detail || plain };
}

/** Reads `go mod download -json module@version` output. */
export function classifyDownload(ran: Ran): { outcome: Outcome; detail: string } {
  let parsed: { Version?: string; Error?: string; Zip?: string } | undefined;
  try {
    parsed = JSON.parse(ran.stdout) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (parsed?.Error) return classifyGoError(parsed.Error);
  if (ran.code === 0 && parsed?.Zip) return { outcome: "served", detail: "module zip downloaded" };
  return classifyGoError(ran.stderr || ran.stdout);
}

/** Reads `go list -m -versions -json module` output. */
export function classifyList(ran: Ran): { outcome: Outcome; detail: string } {
  if (ran.code !== 0) return classifyGoError(ran.stderr || ran.stdout);
  const versions = (JSON.parse(ran.stdout) as { Versions?: string[] }).Versions ?? [];
  if (versions.length === 0) return { outcome: "served", detail: "version list is empty" };
  return {
    outcome: "served",
    detail: `${versions.length} versions, newest ${versions.slice(-3).join(" ")}`,
  };
}

/** Whether each need has a served target. */
export function needsMet(results: readonly ProbeResult[]): Map<Need, boolean> {
  const met = new Map<Need, boolean>();
  for (const r of results) met.set(r.target.need, met.get(r.target.need) || r.outcome === "served");
  return met;
}

/** The blocking needs with no served target, in the order of `blockingNeeds`. */
export function blockedBy(results: readonly ProbeResult[]): Need[] {
  const met = needsMet(results);
  return blockingNeeds.filter((need) => met.get(need) !== true);
}

function label(target: ProbeTarget): string {
  return target.version ? `${target.module}@${target.version}` : `${target.module} (version list)`;
}

/** The results as a Markdown table, for docs/ENGINE.md. */
export function renderMarkdown(results: readonly ProbeResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.target.need} | \`${label(r.target)}\` | ${r.target.source} | **${r.outcome}** | ${r.detail} |`,
  );
  return [
    "| need | module@version | version from | outcome | proxy's answer |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      "go",
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr || (err && !stdout ? err.message : "") });
      },
    );
  });
}

/** Resolves a main package's import graph in a throw-away wrapper module (no compiling). */
async function resolveDeps(
  target: ProbeTarget,
  scratch: string,
  env: NodeJS.ProcessEnv,
): Promise<{ outcome: Outcome; detail: string }> {
  const deps = target.deps!;
  const dir = mkdtempSync(join(scratch, "wrapper-"));
  try {
    const steps: string[][] = [
      ["mod", "init", "local/probe"],
      [
        "mod",
        "edit",
        `-require=${target.module}@${target.version}`,
        ...deps.replaces.map((r) => `-replace=${r}`),
      ],
    ];
    for (const step of steps) {
      const ran = await run(step, dir, env);
      if (ran.code !== 0) return classifyGoError(ran.stderr);
    }
    const ran = await run(["list", "-deps", deps.main], dir, env);
    if (ran.code !== 0) return classifyGoError(ran.stderr);
    const count = ran.stdout.split("\n").filter(Boolean).length;
    return {
      outcome: "served",
      detail: `zip downloaded; ${deps.main} resolves (${count} packages)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function probeOne(
  target: ProbeTarget,
  scratch: string,
  env: NodeJS.ProcessEnv,
): Promise<ProbeResult> {
  const started = process.hrtime.bigint();
  let verdict: { outcome: Outcome; detail: string };
  if (!target.version) {
    verdict = classifyList(
      await run(["list", "-m", "-versions", "-json", target.module], scratch, env),
    );
  } else {
    verdict = classifyDownload(
      await run(["mod", "download", "-json", `${target.module}@${target.version}`], scratch, env),
    );
    if (verdict.outcome === "served" && target.deps)
      verdict = await resolveDeps(target, scratch, env);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { target, ...verdict, seconds };
}

async function main(argv: readonly string[]): Promise<number> {
  const formats = ["--json", "--markdown"];
  const unknown = argv.filter((a) => !formats.includes(a));
  if (unknown.length > 0) {
    console.error(`engine:probe: unknown option ${unknown[0]}; allowed: ${formats.join(", ")}`);
    return 2;
  }
  const json = argv.includes("--json");
  const markdown = argv.includes("--markdown");
  const quiet = json || process.env.CI === "true" || !process.stderr.isTTY;
  const goproxy = await run(["env", "GOPROXY"], process.cwd(), process.env);
  if (goproxy.code !== 0) {
    console.error(`engine:probe: \`go env GOPROXY\` failed (is Go on PATH?): ${goproxy.stderr}`);
    return 2;
  }
  const env = goEnv(goproxy.stdout.trim());
  const scratch = join(engineDir(), "probe");
  mkdirSync(scratch, { recursive: true });
  const results: ProbeResult[] = [];
  for (const target of probeTargets) {
    if (!quiet) process.stderr.write(`probing ${label(target)} … `);
    const result = await probeOne(target, scratch, env);
    if (!quiet) process.stderr.write(`${result.outcome} (${result.seconds.toFixed(1)} s)\n`);
    results.push(result);
  }
  const blocked = blockedBy(results);
  const met = needsMet(results);
  if (json) {
    const needs = Object.fromEntries(met);
    const rows = results.map((r) => ({ ...r.target, outcome: r.outcome, detail: r.detail }));
    console.log(JSON.stringify({ blocked, needs, results: rows }, null, 2));
  } else if (markdown) {
    console.log(renderMarkdown(results));
  } else {
    for (const r of results) console.log(`${r.outcome.padEnd(9)} ${label(r.target)}  ${r.detail}`);
    const unmet = [...met].filter(([, ok]) => !ok).map(([need]) => need);
    console.log(unmet.length ? `unmet needs: ${unmet.join(", ")}` : "every need is served");
  }
  if (!json) {
    const verdict = blocked.length ? `blocked: ${blocked.join(", ")} not served` : "not blocked";
    console.log(`engine build ${verdict}`);
  }
  return blocked.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(2);
    },
  );
}
