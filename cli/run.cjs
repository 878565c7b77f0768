// Runs one of the CLI commands (plan, promote, handoff, verify, init, comment, adopt, rehearse)
// from a bundle of this repository's own TypeScript, built with esbuild and cached under
// node_modules/.cache; it is rebuilt whenever a source file changes. Dependencies stay external
// (plain node_modules). Why: transpiling ~100 files on every start cost more than the plan itself
// (docs/BENCHMARKS.md). Usage: node cli/run.cjs <command> [args...]; an unknown command runs
// cli/help.ts, which lists the commands and suggests the one meant.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const COMMANDS = {
  plan: "runPlanCli",
  promote: "runPromoteCli",
  handoff: "main",
  verify: "main",
  adopt: "runAdoptCli",
  rehearse: "main",
  init: "main",
  comment: "main",
};
const SOURCES = ["index.ts", "program.ts", "cli", "config", "components", "policy", "worker"];
// rehearse bundles the simulators (sim/) and Okta's operation table (spec/).
SOURCES.push("sim", "spec");
const CACHE = path.join(ROOT, "node_modules", ".cache", "oktaplane");
// The components bundle spec/okta-iam.json (what custom capabilities may name): a regenerated
// list must rebuild the bundle too.
if (!SOURCES.includes("spec")) SOURCES.push("spec");

function sourceFiles(rel, out) {
  const abs = path.join(ROOT, rel);
  const stat = fs.statSync(abs, { throwIfNoEntry: false });
  if (!stat) return out;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (name !== "node_modules") sourceFiles(path.join(rel, name), out);
    }
  } else if (/\.(ts|cjs|js|json)$/.test(rel)) {
    out.push(`${rel}:${stat.size}:${stat.mtimeMs}`);
  }
  return out;
}

function fingerprint() {
  const esbuildVersion = require("esbuild/package.json").version;
  const list = SOURCES.flatMap((s) => sourceFiles(s, []));
  return crypto
    .createHash("sha256")
    .update([esbuildVersion, ...list].join("\n"))
    .digest("hex");
}

/** Each source file keeps its own __dirname/__filename, as it would when run unbundled. */
const keepDirname = {
  name: "keep-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, "utf8");
      const header =
        `const __dirname = ${JSON.stringify(path.dirname(args.path))};` +
        `const __filename = ${JSON.stringify(args.path)};`;
      return { contents: `${header}\n${source}`, loader: "ts" };
    });
  },
};

async function bundle(command) {
  const out = path.join(CACHE, `${command}.cjs`);
  const stampFile = `${out}.stamp`;
  const stamp = fingerprint();
  if (fs.existsSync(out) && fs.readFileSync(stampFile, "utf8") === stamp) return out;
  fs.mkdirSync(CACHE, { recursive: true });
  await require("esbuild").build({
    entryPoints: [path.join(ROOT, "cli", `${command}.ts`)],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    // ESM-only packages (jose, oidc-provider) are loaded with a real import().
    supported: { "dynamic-import": true },
    plugins: [keepDirname],
    logLevel: "error",
  });
  fs.writeFileSync(stampFile, stamp);
  return out;
}

async function run() {
  const [command, ...argv] = process.argv.slice(2);
  if (!Object.hasOwn(COMMANDS, command ?? "")) {
    return require(await bundle("help")).main(command === undefined ? [] : [command]);
  }
  const entry = require(await bundle(command));
  return entry[COMMANDS[command]](argv);
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
