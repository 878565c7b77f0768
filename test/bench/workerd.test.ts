// The benchmark's workerd launcher (bench/workerd.ts): one Worker per process, text bindings from
// the environment, outbound fetch allowed to loopback only through the "loopback" service.

import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startWorkerd, workerdConfig } from "../../bench/workerd";

let upstream: Server;
let upstreamUrl = "";

beforeAll(async () => {
  upstream = createServer((_req, res) => res.end("from loopback"));
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/`;
});

afterAll(() => new Promise((resolve) => upstream.close(resolve)));

test("runs a Worker with its bindings, reaches a loopback upstream, and logs to a file", async () => {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), "oktaplane-test-")), "stdout");
  const worker = await startWorkerd({
    script: `export default {
      async fetch(request, env) {
        console.log("seen " + new URL(request.url).pathname);
        const upstream = await (await fetch(env.UPSTREAM)).text();
        return new Response(env.GREETING + " / " + upstream);
      },
    };`,
    compatibilityDate: "2025-09-01",
    bindings: { GREETING: "hello", UPSTREAM: upstreamUrl },
    stdoutFile: log,
  });
  try {
    const res = await fetch(new URL("/probe", worker.url));
    expect(await res.text()).toBe("hello / from loopback");
    expect(worker.exitCode()).toBeNull();
  } finally {
    await worker.stop();
  }
  expect(readFileSync(log, "utf8")).toContain("seen /probe");
});

test("refuses binding names that could break out of the config", () => {
  expect(() => workerdConfig(1, ['X", text = "y'], "2025-09-01")).toThrow(/binding name/);
  const config = workerdConfig(8080, ["OKTA_ORG_URL"], "2025-09-01", ["--max-old-space-size=128"]);
  expect(config).toContain('(name = "OKTA_ORG_URL", fromEnvironment = "BENCH_OKTA_ORG_URL")');
  expect(config).toContain('v8Flags = ["--max-old-space-size=128"]');
});
