// Everything a rehearsal creates is gone when it ends: on Ctrl-C mid-deploy (in-process and as a
// real SIGINT to a real process), and with --keep once the user is done. Runs against the Pulumi
// STAND-IN, whose `up` sleeps so that the interrupt lands while the "engine" runs.

import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Cleanup } from "../../cli/rehearse/cleanup";
import { EXIT } from "../../cli/rehearse/args";
import { devScenario } from "./support/devScenario";
import { runRehearse } from "./support/run";
import { invocations, STAND_IN, standInDir } from "./support/scenario";

const REPO = path.resolve(__dirname, "../..");

async function until<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const slowUp = () => devScenario({ up: [{ sleepMs: 60_000 }] });

describe("cleanup", () => {
  it("runs every undo once, last first, even when one fails", async () => {
    const cleanup = new Cleanup();
    const order: string[] = [];
    cleanup.add("a", async () => void order.push("a"));
    cleanup.add("b", async () => {
      order.push("b");
      throw new Error("boom");
    });
    cleanup.add("c", async () => void order.push("c"));
    expect(await cleanup.run()).toEqual([
      { name: "c", ok: true },
      { name: "b", ok: false, error: "boom" },
      { name: "a", ok: true },
    ]);
    expect(order).toEqual(["c", "b", "a"]);
    expect(await cleanup.run()).toEqual([]);
    expect(() => cleanup.add("d", async () => undefined)).toThrow(/already ran/);
  });

  it("on SIGINT during `pulumi up`: stops the CLI's process group, the simulators and the temporary directory, exit 130", async () => {
    const signals = new EventEmitter();
    let dir = "";
    const pending = runRehearse(slowUp(), { signals, onDir: (d) => (dir = d) });
    const up = await until(() => invocations(dir).find((c) => c.key === "up"), "the stand-in's up");
    expect(alive(up.pid)).toBe(true);
    // The temporary directory exists while the up runs.
    expect(existsSync(path.dirname(up.cwd))).toBe(true);
    signals.emit("SIGINT");
    const result = await pending;
    expect(result.code).toBe(EXIT.interrupted);
    expect(result.stderr).toContain("rehearse: interrupted; stopping the Pulumi CLI");
    expect(result.stderr).toContain(
      "interrupted; the simulators are stopped and the temporary stack is deleted",
    );
    expect(result.report).toBeUndefined();
    expect(result.leftInTmp).toEqual([]);
    expect(result.sims?.closed()).toBe(true);
    expect(alive(up.pid)).toBe(false);
    // Nothing ran after the interrupt: no destroy against a half-made stack that is being deleted.
    expect(result.calls.map((c) => c.key)).not.toContain("destroy");
  });

  // A fresh tsx process compiles the CLI first: slow on a loaded 2-core machine, hence 90 s.
  it("a real SIGINT to a real `rehearse` process cleans up and exits 130", async () => {
    const { dir, env } = standInDir(slowUp());
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(__dirname, "support/rehearse-with-stand-ins.ts"),
        dir,
        "--stack",
        "dev",
        "--pulumi",
        STAND_IN,
        "--json",
      ],
      { cwd: REPO, env: { PATH: process.env["PATH"] ?? "", HOME: dir, ...env }, stdio: "pipe" },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    const exited = new Promise<number | null>((resolve) =>
      child.on("close", (code) => resolve(code)),
    );
    const up = await until(
      () => invocations(dir).find((c) => c.key === "up"),
      "the stand-in's up",
      60_000,
    );
    child.kill("SIGINT");
    expect(await exited).toBe(EXIT.interrupted);
    expect(stderr).toContain(
      "interrupted; the simulators are stopped and the temporary stack is deleted",
    );
    expect(readdirSync(dir).filter((n) => n.startsWith("oktaplane-rehearse-"))).toEqual([]);
    expect(alive(up.pid)).toBe(false);
  }, 90_000);

  it("with --keep, leaves the simulators and the stack up until the user is done, then removes everything", async () => {
    let dir = "";
    let during: { open: boolean; dirExists: boolean } | undefined;
    let notices = "";
    const run = await runRehearse(devScenario(), {
      argv: ["--json", "--keep"],
      deps: {
        notice: (t) => (notices += t),
        untilDone: async () => {
          const call = invocations(dir).find((c) => c.key === "up")!;
          during = {
            open: (await fetch(`${call.env["OKTA_HTTP_PROXY"]}/api/v1/apps`)).status === 401,
            dirExists: existsSync(path.dirname(call.cwd)),
          };
        },
      },
      onDir: (d) => (dir = d),
    });
    expect(during).toEqual({ open: true, dirExists: true });
    expect(run.calls.map((c) => c.key)).not.toContain("destroy");
    expect(notices).toContain("the simulators are running and the temporary stack is up");
    expect(notices).toMatch(/export PULUMI_BACKEND_URL=file:\/\/\S+\/backend/);
    expect(notices).toContain("Press Ctrl-C here to stop the simulators");
    expect(run.report?.kept).toBe(true);
    expect(run.leftInTmp).toEqual([]);
    expect(run.sims?.closed()).toBe(true);
  });
});
