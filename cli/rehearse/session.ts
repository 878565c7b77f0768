// One rehearsal's use of the Pulumi CLI: every command in the temporary project with the
// rehearsal's environment, each reported phase with its engine event log and the Okta calls made
// while it ran, and the time spent inside the CLI (the rest is the rehearsal's own overhead).

import path from "node:path";
import { Interrupted } from "./cleanup";
import { readEventLog, type PhaseEvents } from "./engineEvents";
import { parseStateExport, type StateExport } from "./integrity";
import type { CallRecord } from "../../sim/shared/recorder";
import type { PhasedCall } from "./oktaCalls";
import { runCommand, type PulumiCli, type RunResult } from "./pulumiCli";
import type { PhaseName, PhaseReport } from "./report";
import type { RehearsalSims } from "./sims";
import type { Workspace } from "./workspace";

const HEARTBEAT_MS = 15_000;

/** Runs the CLI for one stack in the workspace and accounts for every phase it runs. */
export class Session {
  readonly #phases: PhaseReport[] = [];
  readonly #calls: PhasedCall[] = [];
  #engineMs = 0;
  #logs = 0;

  constructor(
    readonly cli: PulumiCli,
    readonly ws: Workspace,
    readonly env: Record<string, string>,
    readonly stack: string,
    readonly signal: AbortSignal,
    readonly sims: RehearsalSims,
    readonly progress: (line: string) => void,
  ) {}

  /** One CLI command; throws Interrupted once Ctrl-C has stopped it. */
  async run(args: readonly string[], stdin?: string): Promise<RunResult> {
    if (this.signal.aborted) throw new Interrupted();
    const result = await runCommand(this.cli.path, [...args, "--non-interactive"], {
      cwd: this.ws.projectDir,
      env: this.env,
      ...(stdin !== undefined ? { stdin } : {}),
      signal: this.signal,
    });
    this.#engineMs += result.wallMs;
    if (result.aborted || this.signal.aborted) throw new Interrupted();
    return result;
  }

  /** A reported phase: engine events logged, Okta calls attributed to it. */
  async phase(
    name: PhaseName,
    args: readonly string[],
    display: string,
    eventLog = true,
  ): Promise<{ phase: PhaseReport; events: PhaseEvents }> {
    this.progress(`rehearse: ${display}\n`);
    const log = path.join(this.ws.logsDir, `${String(++this.#logs).padStart(2, "0")}-events.jsonl`);
    const capture = this.#capture();
    const { calls } = capture;
    const started = performance.now();
    // A deploy under rate limits can take minutes: say that it is still moving.
    const heartbeat = setInterval(() => {
      const seconds = Math.round((performance.now() - started) / 1000);
      this.progress(`rehearse:   … ${calls.length} Okta calls so far, ${seconds} s\n`);
    }, HEARTBEAT_MS);
    let result: RunResult;
    try {
      result = await this.run([
        ...args,
        "--stack",
        this.stack,
        "--color",
        "never",
        ...(eventLog ? ["--event-log", log] : []),
      ]);
    } finally {
      clearInterval(heartbeat);
      capture.stop();
    }
    for (const call of calls) this.#calls.push({ phase: name, call });
    const events: PhaseEvents = eventLog
      ? await readEventLog(log)
      : { steps: [], outputs: new Map(), failures: [], errors: [], policy: [], unreadable: 0 };
    const steps: Record<string, number> = {};
    for (const s of events.steps) steps[s.op] = (steps[s.op] ?? 0) + 1;
    const phase: PhaseReport = {
      name,
      command: display,
      exitCode: result.exitCode,
      ok: result.exitCode === 0,
      wallMs: result.wallMs,
      oktaCalls: calls.length,
      steps,
      failures: events.failures,
      // Without events (the CLI failed before the engine started), its stderr is the reason.
      errors:
        events.errors.length === 0 && events.failures.length === 0 && result.exitCode !== 0
          ? [tail(result.stderr)]
          : events.errors,
      policy: events.policy,
    };
    this.#phases.push(phase);
    this.progress(
      `rehearse:   ${phase.ok ? "ok" : `failed (exit ${phase.exitCode})`} · ${calls.length} Okta calls · ${(result.wallMs / 1000).toFixed(1)} s\n`,
    );
    return { phase, events };
  }

  markFaultInjected(name: PhaseName): void {
    const i = this.#phases.findIndex((p) => p.name === name);
    if (i >= 0) this.#phases[i] = { ...this.#phases[i]!, faultInjected: true };
  }

  /** Work the rehearsal does itself (not the engine); its Okta calls are attributed to `name`. */
  async outsideEngine<T>(name: string, work: () => Promise<T>): Promise<T> {
    const capture = this.#capture();
    try {
      return await work();
    } finally {
      capture.stop();
      for (const call of capture.calls) this.#calls.push({ phase: name, call });
    }
  }

  /**
   * Every Okta call from now until `stop()`. The recorder keeps only recent calls, so a long
   * phase is captured as it happens rather than read back from the recorder afterwards.
   */
  #capture(): { readonly calls: readonly CallRecord[]; stop(): void } {
    const calls: CallRecord[] = [];
    const unsubscribe = this.sims.okta.recorder.onCall((call) => calls.push(call));
    return { calls, stop: () => void unsubscribe() };
  }

  callsOf(...phases: string[]) {
    return this.#calls.filter((c) => phases.includes(c.phase)).map((c) => c.call);
  }

  async exportState(): Promise<StateExport | undefined> {
    const result = await this.run(["stack", "export", "--stack", this.stack]);
    if (result.exitCode !== 0) return undefined;
    try {
      return parseStateExport(result.stdout);
    } catch {
      return undefined;
    }
  }

  get phases(): readonly PhaseReport[] {
    return this.#phases;
  }

  get calls(): readonly PhasedCall[] {
    return this.#calls;
  }

  get engineMs(): number {
    return this.#engineMs;
  }
}

/** The last lines of a command's stderr, on one line, for an error message. */
export function tail(text: string): string {
  const lines = text.trim().split("\n").slice(-5).join(" ").replace(/\s+/g, " ");
  return lines.length > 500 ? `…${lines.slice(-499)}` : lines || "(no output)";
}
