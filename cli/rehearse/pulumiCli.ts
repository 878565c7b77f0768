// Finds the user's Pulumi CLI and runs it: each command in its own process group (so Ctrl-C can
// stop the CLI and every plugin it started), with its engine events logged to a file, stdin fed
// for secret values, and output kept only as a bounded tail for error reports.

import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { withoutCredentials } from "./childEnv";

export interface PulumiCli {
  readonly path: string;
  /** `pulumi version`, e.g. `v3.248.0`. */
  readonly version: string;
}

export class PulumiNotFound extends Error {
  override readonly name = "PulumiNotFound";
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `--pulumi <path>` when given, else the first `pulumi` on PATH; then asks it for its version. */
export async function locatePulumi(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<PulumiCli> {
  let file: string | undefined;
  if (explicit !== undefined) {
    file = path.resolve(explicit);
    if (!isExecutable(file))
      throw new PulumiNotFound(`--pulumi ${explicit}: not an executable file`);
  } else {
    const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
    const dirs = (env["PATH"] ?? "").split(path.delimiter).filter((d) => d !== "");
    file = dirs.flatMap((d) => names.map((n) => path.join(d, n))).find(isExecutable);
    if (file === undefined) throw new PulumiNotFound("no `pulumi` on PATH");
  }
  const result = await runCommand(file, ["version"], { env: withoutCredentials(env) });
  const version = result.stdout.trim();
  if (result.exitCode !== 0 || !/^v?\d+\.\d+\.\d+/.test(version))
    throw new PulumiNotFound(
      `${file} did not answer \`pulumi version\` (exit ${result.exitCode}): is it the Pulumi CLI?`,
    );
  return { path: file, version };
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Written to the child's stdin, then stdin is closed (secret values: never in argv). */
  readonly stdin?: string;
  /** Aborting sends SIGINT to the process group, then SIGKILL after `graceMs`. */
  readonly signal?: AbortSignal;
  /** @default 5000 */
  readonly graceMs?: number;
  /** Called with each chunk of output, for progress (already bounded by the caller). */
  readonly onOutput?: (text: string) => void;
}

export interface RunResult {
  readonly exitCode: number;
  /** Set when the process was ended by a signal. */
  readonly signal?: NodeJS.Signals;
  readonly stdout: string;
  /** The last 64 kB of stderr. */
  readonly stderr: string;
  readonly wallMs: number;
  readonly aborted: boolean;
}

const STDERR_TAIL = 64 * 1024;

export function runCommand(file: string, args: readonly string[], options: RunOptions) {
  return new Promise<RunResult>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env,
      // Its own process group: the terminal's Ctrl-C reaches only the rehearsal, which then
      // stops the whole group (CLI, language host, providers) and cleans up.
      detached: process.platform !== "win32",
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
      options.onOutput?.(chunk);
    });
    child.stdin.on("error", () => undefined); // a CLI that exits without reading stdin
    child.stdin.end(options.stdin ?? "");

    // The whole group, even after its leader exited: plugins can outlive a killed CLI.
    const stop = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // Already gone (ESRCH).
      }
    };
    const onAbort = () => {
      aborted = true;
      // Pulumi cancels gracefully on the first SIGINT (finishes in-flight steps, saves state).
      stop("SIGINT");
      killTimer = setTimeout(() => stop("SIGKILL"), options.graceMs ?? 5000);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (err) => {
      options.signal?.removeEventListener("abort", onAbort);
      reject(err);
    });
    child.on("close", (code, sig) => {
      options.signal?.removeEventListener("abort", onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (aborted) stop("SIGKILL");
      resolve({
        exitCode: code ?? 128,
        ...(sig ? { signal: sig } : {}),
        stdout,
        stderr,
        wallMs: Math.round(performance.now() - started),
        aborted,
      });
    });
  });
}
