// Benchmark of the Okta simulator (sim/okta): an org of 10,000 apps in a child process; wrk
// drives GET /api/v1/apps/{id} (requests/s, latency), then one client pages through every app
// following Link rel="next" (requests/s, seconds per full pass); the child reports its memory.
// Writes the "Okta simulator" section of docs/BENCHMARKS.md, with the load average of the
// machine at the time (it is shared).
// Run: npx tsx bench/sim.ts [--apps 10000] [--duration 10] [--connections 50] [--rounds 3]
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { requireWrk, runLoad, type LoadResult } from "./load";
import { median, writeSection } from "./report";

const SECTION = "Okta simulator";

interface Ready {
  readonly url: string;
  readonly token: string;
  readonly appId: string;
  readonly seedMs: number;
  readonly memory: NodeJS.MemoryUsage;
}

function ask<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (m: { type: string }) => {
      if (m.type === answer) {
        child.off("message", listener);
        resolve(m as T);
      }
    };
    child.on("message", listener);
    child.send(message);
  });
}

/** One client following `Link: <…>; rel="next"` from the first page to the last. */
async function pageThrough(
  ready: Ready,
  limit: number,
): Promise<{ pages: number; apps: number; ms: number }> {
  const started = performance.now();
  let next: string | undefined = `${ready.url}/api/v1/apps?limit=${limit}`;
  let pages = 0;
  let apps = 0;
  while (next !== undefined) {
    const response: Response = await fetch(next, {
      headers: { authorization: `Bearer ${ready.token}` },
    });
    if (response.status !== 200) throw new Error(`page ${pages}: HTTP ${response.status}`);
    apps += ((await response.json()) as unknown[]).length;
    pages += 1;
    const link = response.headers.get("link") ?? "";
    next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
  }
  return { pages, apps, ms: performance.now() - started };
}

/** The child's memory after a full GC, the requests it answered and how many its recorder keeps. */
function memoryOf(
  child: ChildProcess,
): Promise<{ memory: NodeJS.MemoryUsage; calls: number; kept: number }> {
  return ask(child, { type: "memory" }, "memory");
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      apps: { type: "string", default: "10000" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      rounds: { type: "string", default: "3" },
    },
  });
  const appCount = Number(values.apps);
  const durationS = Number(values.duration);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  await requireWrk();
  const loadBefore = load();
  const child = fork(path.join(__dirname, "simServer.ts"), [], {
    execArgv: ["--import", "tsx", "--expose-gc"],
  });
  try {
    const ready = await ask<Ready>(child, { type: "start", apps: appCount }, "ready");
    const rows: string[] = [];
    const gets: LoadResult[] = [];
    const passes: Array<{ limit: number; pages: number; apps: number; ms: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      const get = await runLoad({
        url: `${ready.url}/api/v1/apps/${ready.appId}`,
        method: "GET",
        headers: { authorization: `Bearer ${ready.token}`, accept: "application/json" },
        body: "",
        connections,
        durationS,
      });
      if (get.failedStatus > 0 || get.errors > 0)
        throw new Error(`GET round ${round}: ${JSON.stringify(get)}`);
      gets.push(get);
      const afterGet = await memoryOf(child);
      rows.push(
        `| GET /api/v1/apps/{id} | ${round} | ${get.rps.toFixed(0)} | ${get.p50Ms.toFixed(1)} | ${get.p99Ms.toFixed(1)} | ${get.requests} | — | ${mb(afterGet.memory.rss)} / ${mb(afterGet.memory.heapUsed)} |`,
      );
      for (const limit of [200, 20]) {
        const pass = await pageThrough(ready, limit);
        if (pass.apps !== appCount)
          throw new Error(`paged ${pass.apps} apps, expected ${appCount}`);
        passes.push({ limit, ...pass });
        const afterPass = await memoryOf(child);
        rows.push(
          `| list, limit=${limit}, ${pass.pages} pages | ${round} | ${((pass.pages * 1000) / pass.ms).toFixed(0)} | — | — | ${pass.pages} | ${(pass.ms / 1000).toFixed(2)} | ${mb(afterPass.memory.rss)} / ${mb(afterPass.memory.heapUsed)} |`,
        );
      }
    }
    const { memory, calls, kept } = await memoryOf(child);
    const getRps = median(gets.map((g) => g.rps));
    const pass200 = median(passes.filter((p) => p.limit === 200).map((p) => p.ms)) / 1000;
    const pass20 = median(passes.filter((p) => p.limit === 20).map((p) => p.ms)) / 1000;
    const body = `Command: \`npx tsx bench/sim.ts --apps ${appCount} --duration ${durationS} --connections ${connections} --rounds ${rounds}\` (needs wrk: \`sudo apt-get install wrk\`).

- The simulator runs alone in a child process, seeded with ${appCount.toLocaleString("en-US")} API Services apps (seeding took ${(ready.seedMs / 1000).toFixed(1)} s); rate limits are off, so every request reaches the handler (Okta's own buckets would allow 600 a minute).
- **GET**: wrk, one thread, ${connections} connections, ${durationS} s per round, one app by id with a Bearer token: authentication, scope check, the spec matcher and the recorder on every request.
- **list**: one client, one request at a time, follows \`Link: <…>; rel="next"\` from the first page to the last; req/s = pages per second of that client.
- Load average (1 / 5 / 15 min) before the run: ${loadBefore}; after: ${load()}. The machine is shared with other work, so figures vary between runs.

| Request | round | req/s | p50 ms | p99 ms | requests | s per full pass | RSS / heap used MB after |
| ------- | ----- | ----- | ------ | ------ | -------- | --------------- | ------------------------ |
${rows.join("\n")}

Median GET: ${getRps.toFixed(0)} req/s (target ≥ 5,000). Median full pass: ${pass200.toFixed(2)} s at limit=200, ${pass20.toFixed(2)} s at limit=20. Memory of the simulator process (after a full GC each time): RSS ${mb(ready.memory.rss)} MB, heap used ${mb(ready.memory.heapUsed)} MB once seeded; RSS ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} MB after the run, after ${calls.toLocaleString("en-US")} requests, of which its recorder keeps the last ${kept.toLocaleString("en-US")} beside exact totals. Target < 300 MB.
`;
    await writeSection(SECTION, body);
    console.log(body);
  } finally {
    child.send({ type: "stop" });
  }
}

void main();
