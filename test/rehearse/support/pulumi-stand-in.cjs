#!/usr/bin/env node
// A STAND-IN for the Pulumi CLI, for the rehearsal's unit tests only: it records each invocation
// (argv, cwd, stdin, environment) and answers from a canned scenario (exit code, engine events
// written to --event-log, stdout, Okta requests it makes to OKTA_HTTP_PROXY). It runs no program,
// no engine and no provider: tests that use it prove the orchestration, not a real deploy.
"use strict";
const fs = require("node:fs");

const argv = process.argv.slice(2);
const words = argv.filter((a) => !a.startsWith("-"));
const KEYS = ["stack init", "stack export", "stack output", "config set", "state unprotect"];
const two = words.slice(0, 2).join(" ");
const key = KEYS.includes(two) ? two : (words[0] ?? "");
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const scenario = process.env.STAND_IN_SCENARIO
  ? JSON.parse(fs.readFileSync(process.env.STAND_IN_SCENARIO, "utf8"))
  : {};
const countFile = `${process.env.STAND_IN_LOG}.count.${key.replace(" ", "-")}`;
const n = fs.existsSync(countFile) ? Number(fs.readFileSync(countFile, "utf8")) : 0;
if (process.env.STAND_IN_LOG) fs.writeFileSync(countFile, String(n + 1));
const list = (scenario.commands ?? {})[key] ?? [];
const step = list[Math.min(n, list.length - 1)] ?? {};

function readStdin() {
  try {
    return fs.readFileSync(0, "utf8");
  } catch {
    return "";
  }
}

async function main() {
  const stdin = key === "config set" ? readStdin() : "";
  const stackName = key === "stack init" ? words[2] : flag("--stack");
  const stackFile = `${process.cwd()}/stacks/Pulumi.${stackName}.yaml`;
  if (process.env.STAND_IN_LOG) {
    fs.appendFileSync(
      process.env.STAND_IN_LOG,
      JSON.stringify({
        key,
        argv,
        cwd: process.cwd(),
        pid: process.pid,
        stdin,
        env: process.env,
        stackFile: fs.existsSync(stackFile) ? fs.readFileSync(stackFile, "utf8") : null,
      }) + "\n",
    );
  }
  if (key === "version") {
    process.stdout.write("v3.248.0\n");
    return 0;
  }
  if (key === "stack init" && fs.existsSync(stackFile)) {
    // As the passphrase provider does: it records its salt in the stack's config file.
    fs.appendFileSync(stackFile, "encryptionsalt: v1:c3RhbmQtaW4=:v1:c3RhbmQtaW4=:c3RhbmQtaW4=\n");
  }
  for (const r of step.requests ?? []) {
    await fetch(`${process.env.OKTA_HTTP_PROXY}${r.path}`, {
      method: r.method,
      headers: {
        authorization: `Bearer ${process.env.OKTA_ACCESS_TOKEN}`,
        "content-type": "application/json",
      },
      ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
    });
  }
  const log = flag("--event-log");
  if (log !== undefined) {
    const events = (step.events ?? []).map((e, i) => ({ sequence: i + 1, timestamp: 0, ...e }));
    fs.writeFileSync(log, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  }
  if (step.sleepMs) await new Promise((r) => setTimeout(r, step.sleepMs));
  if (step.stdout) process.stdout.write(step.stdout);
  if (step.stderr) process.stderr.write(step.stderr);
  return step.exitCode ?? 0;
}

main().then((code) => process.exit(code));
