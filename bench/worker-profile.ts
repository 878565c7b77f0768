// Where the receiver's telephony CPU goes, by layer of the workerd process: Linux perf samples the
// receiver's and the same-I/O baseline's workerd processes under the same saturated load, and
// bench/perf-profile.ts shares each process's CPU time per request out by layer (kernel, JIT code,
// V8 runtime, GC, workerd APIs, kj, allocation) and by symbol. V8 names its JIT code for perf
// (`--perf-basic-prof`). Writes the "Hook receiver: telephony CPU by layer" section of
// docs/BENCHMARKS.md.
// Run: npx tsx bench/worker-profile.ts [--connections 50] [--duration 6] [--frequency 2000]
// (needs wrk and perf: `apt-get install wrk linux-perf`; perf must be allowed to watch another
// process: root, or kernel.perf_event_paranoid <= 1)

import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { requireCommand, requireWrk, runLoad, type BodyTemplate } from "./load";
import { compareProfiles, parsePerfReport, type Profile } from "./perf-profile";
import { writeSection } from "./report";
import { cpuUs, loadAverage, startFleet, telephonyBody, type Fleet } from "./worker-fleet";
import type { RunningWorker } from "./workerd";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "6" },
    frequency: { type: "string", default: "2000" },
  },
});
const connections = Number(values.connections);
const durationS = Number(values.duration);
const frequency = Number(values.frequency);

const telephony = (worker: RunningWorker) => new URL("/okta/telephony", worker.url).toString();

/** Samples `worker` while a saturated telephony load runs against it. */
async function profile(
  fleet: Fleet,
  worker: RunningWorker,
  body: BodyTemplate,
  dir: string,
): Promise<Profile> {
  const data = path.join(dir, `perf-${worker.pid}.data`);
  const before = cpuUs(worker.pid);
  // perf watches the middle of the load: started with it, stopped a second before it ends.
  const perf = spawn(
    "perf",
    ["record", "-q", "-F", String(frequency), "-p", String(worker.pid), "-o", data],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const stderr: string[] = [];
  perf.stderr!.on("data", (chunk: Buffer) => stderr.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => perf.on("exit", resolve));
  const stop = setTimeout(() => perf.kill("SIGINT"), (durationS - 1) * 1000);
  const load = await runLoad({
    url: telephony(worker),
    headers: fleet.telephonyHeaders,
    body,
    connections,
    durationS,
  });
  clearTimeout(stop);
  perf.kill("SIGINT");
  const code = await exited;
  const cpu = cpuUs(worker.pid) - before;
  if (code !== 0 && code !== null) throw new Error(`perf record failed: ${stderr.join("")}`);
  const { stdout } = await promisify(execFile)(
    "perf",
    ["report", "-i", data, "--no-children", "--sort", "sym", "-g", "none", "-n", "--stdio"],
    { maxBuffer: 64 << 20 },
  );
  await fleet.upstream.drained();
  return { rows: parsePerfReport(stdout), cpuUs: cpu, requests: load.requests };
}

async function main(): Promise<void> {
  await requireWrk();
  await requireCommand("perf", ["--version"], "sudo apt-get install linux-perf");
  const fleet = await startFleet();
  const dir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-perf-"));
  const running = await fleet.start(["baseline", "receiver"], { v8Flags: ["--perf-basic-prof"] });
  const workers = [running.baseline!, running.receiver!];
  try {
    const body = telephonyBody();
    for (const w of workers) {
      const headers = fleet.telephonyHeaders;
      await runLoad({ url: telephony(w), headers, body, connections: 10, durationS: 2 }); // warm-up
    }
    await fleet.upstream.drained();
    const load = loadAverage();
    const base = await profile(fleet, running.baseline!, body, dir);
    const receiver = await profile(fleet, running.receiver!, body, dir);
    const comparison = compareProfiles(base, receiver);
    const us = (n: number) => n.toFixed(0);
    const lines = [
      `Command: \`npx tsx bench/worker-profile.ts --connections ${connections} --duration ${durationS} --frequency ${frequency}\` (needs wrk and perf).`,
      "",
      `Saturated telephony at ${connections} connections against the same-I/O baseline and the receiver, each in its workerd process, sampled by \`perf record -F ${frequency}\` for ${durationS - 1} s of a ${durationS} s load; the 1-minute load average was ${load.toFixed(1)} at the start. Each process's CPU time per request (/proc) is shared out by its samples. The layers are by symbol name: \`JS:\` and \`Builtins_\` frames are JavaScript (V8's JIT code and the builtins it calls), other \`v8::\` frames the V8 runtime (JSON, strings, property lookups that miss their inline cache), GC the collector, \`workerd::\` the runtime's APIs (Request, Headers, fetch), \`kj::\` its event loop and I/O.`,
      "",
      "| layer | baseline µs/req | receiver µs/req | receiver − baseline |",
      "| ----- | --------------- | --------------- | ------------------- |",
      ...comparison.layers.map(
        (l) => `| ${l.layer} | ${us(l.base)} | ${us(l.other)} | ${us(l.other - l.base)} |`,
      ),
      `| all | ${us(comparison.perRequestUs.base)} | ${us(comparison.perRequestUs.other)} | ${us(comparison.perRequestUs.other - comparison.perRequestUs.base)} |`,
      "",
      `Requests: baseline ${base.requests}, receiver ${receiver.requests}. The ${comparison.symbols.length} symbols the receiver spends most more CPU in, per request:`,
      "",
      "| symbol | baseline µs/req | receiver µs/req |",
      "| ------ | --------------- | --------------- |",
      ...comparison.symbols.map(
        (s) =>
          `| \`${s.symbol.replace(/\|/g, "\\|").slice(0, 90)}\` | ${s.base.toFixed(1)} | ${s.other.toFixed(1)} |`,
      ),
    ];
    await writeSection("Hook receiver: telephony CPU by layer", lines.join("\n"));
    console.log(lines.join("\n"));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    fleet.stop();
    rmSync(dir, { recursive: true, force: true });
    // V8's perf maps (/tmp/perf-<pid>.map) are only needed while perf report runs.
    for (const w of workers) rmSync(`/tmp/perf-${w.pid}.map`, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
