// Runs one module Worker in a workerd process of its own, configured the way Cloudflare runs a
// deployed script: the HTTP socket goes straight to the Worker. (miniflare, which the tests use,
// puts a JavaScript entry Worker in front of every request and routes outbound fetches through
// its own services: local-development hops that cost as much CPU as a small Worker.)
// Bindings are text, read from the process environment so no value is written to disk.

import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export interface WorkerdOptions {
  /** ES module source with `export default { fetch }`. */
  readonly script: string;
  readonly compatibilityDate: string;
  /** Text bindings (env.NAME inside the Worker). */
  readonly bindings?: Readonly<Record<string, string>>;
  /**
   * File that receives workerd's stdout (the Worker's console.log lines); discarded when omitted.
   * A file, not a pipe: workerd writes each line synchronously, so a pipe whose reader is slow
   * stalls the Worker, and on Cloudflare log lines go to a buffer, not through a reader.
   */
  readonly stdoutFile?: string;
  /** V8 flags for the process, e.g. `--max-old-space-size=128`. */
  readonly v8Flags?: readonly string[];
  /** Extra `workerd serve` flags, e.g. `--inspector-addr=127.0.0.1:9229` to profile. */
  readonly args?: readonly string[];
}

export interface RunningWorker {
  readonly url: string;
  readonly pid: number;
  /** The process's exit code, or null while it runs. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

/** The workerd binary miniflare itself runs (the `workerd` package, same pinned version). */
function workerdBinary(): string {
  return path.join(path.dirname(require.resolve("workerd/package.json")), "bin", "workerd");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const NAME = /^[A-Z][A-Z0-9_]*$/;

/** A workerd config (capnp text) for one Worker; binding values come from `BENCH_<NAME>`. */
export function workerdConfig(
  port: number,
  bindings: readonly string[],
  compatibilityDate: string,
  v8Flags: readonly string[] = [],
) {
  for (const name of bindings) {
    if (!NAME.test(name)) throw new Error(`binding name ${JSON.stringify(name)}: use A-Z, 0-9, _`);
  }
  const list = bindings.map((name) => `(name = "${name}", fromEnvironment = "BENCH_${name}")`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The simulated upstreams listen on 127.0.0.1, which the default "internet" service refuses.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
  v8Flags = [${v8Flags.map((f) => JSON.stringify(f)).join(", ")}],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${compatibilityDate}",
  bindings = [${list.join(", ")}],
  globalOutbound = "loopback",
);
`;
}

export async function startWorkerd(options: WorkerdOptions): Promise<RunningWorker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-workerd-"));
  const port = await freePort();
  const bindings = options.bindings ?? {};
  writeFileSync(path.join(dir, "worker.js"), options.script);
  writeFileSync(
    path.join(dir, "config.capnp"),
    workerdConfig(port, Object.keys(bindings), options.compatibilityDate, options.v8Flags),
  );
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const [name, value] of Object.entries(bindings)) env[`BENCH_${name}`] = value;
  const stdout = options.stdoutFile === undefined ? "ignore" : openSync(options.stdoutFile, "a");
  const args = ["serve", "config.capnp", ...(options.args ?? [])];
  const child = spawn(workerdBinary(), args, { cwd: dir, env, stdio: ["ignore", stdout, "pipe"] });
  if (typeof stdout === "number") closeSync(stdout);
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.length < 50 && stderr.push(String(chunk)));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilListening(url, child, stderr);
  return {
    url,
    pid: child.pid!,
    exitCode: () => child.exitCode ?? (child.signalCode === null ? null : -1),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilListening(url: string, child: ChildProcess, stderr: string[]) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) {
      throw new Error(`workerd exited (${child.exitCode}): ${stderr.join("").slice(0, 2000)}`);
    }
    try {
      await fetch(url, { method: "HEAD" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`workerd did not listen on ${url}: ${stderr.join("").slice(0, 2000)}`);
}
