// Runs npm scripts side by side and prints each one's output whole when it ends, so `npm test`'s
// typecheck and lint (single-threaded tsc and prettier: 25 s and 23 s one after the other on a
// 2-core machine, 31 s together) do not wait for each other, and their output is not interleaved.
// Exits non-zero, naming the scripts that failed, if any did. Usage:
//   node scripts/run-parallel.cjs <npm script> [<npm script> ...]
// Plain CommonJS: no TypeScript loader to start.
"use strict";
const { spawn } = require("node:child_process");

/**
 * Runs each `{ name, command, args }` at once; resolves with each one's exit code and output
 * (stdout and stderr together, in order), in the order given.
 */
function runAll(jobs, options = {}) {
  return Promise.all(
    jobs.map(
      (job) =>
        new Promise((resolve) => {
          const started = Date.now();
          const chunks = [];
          const child = spawn(job.command, job.args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ["ignore", "pipe", "pipe"],
          });
          child.stdout.on("data", (c) => chunks.push(c));
          child.stderr.on("data", (c) => chunks.push(c));
          let finished = false;
          // A command that cannot start emits "error" and then "close": report it once.
          const done = (code, error) => {
            if (finished) return;
            finished = true;
            const output =
              Buffer.concat(chunks).toString("utf8") + (error ? `${error.message}\n` : "");
            const report = { name: job.name, code, output, seconds: (Date.now() - started) / 1000 };
            options.onDone?.(report);
            resolve(report);
          };
          child.on("error", (error) => done(1, error));
          child.on("close", (code, signal) => done(code ?? (signal ? 1 : 0)));
        }),
    ),
  );
}

/** `npm run <script>` with the npm that runs this (npm_execpath), else `npm` from PATH. */
function npmJob(script) {
  const npm = process.env.npm_execpath;
  return npm
    ? { name: script, command: process.execPath, args: [npm, "run", script] }
    : { name: script, command: "npm", args: ["run", script] };
}

async function main(scripts) {
  if (scripts.length === 0) {
    process.stderr.write("usage: node scripts/run-parallel.cjs <npm script> [<npm script> ...]\n");
    return 2;
  }
  const reports = await runAll(scripts.map(npmJob), {
    onDone: (r) => {
      process.stdout.write(r.output);
      process.stdout.write(
        `${r.name}: ${r.code === 0 ? "ok" : `failed (exit ${r.code})`} in ${r.seconds.toFixed(1)} s\n`,
      );
    },
  });
  const failed = reports.filter((r) => r.code !== 0).map((r) => r.name);
  if (failed.length > 0) process.stderr.write(`failed: ${failed.join(", ")}\n`);
  return failed.length > 0 ? 1 : 0;
}

module.exports = { runAll, npmJob };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
