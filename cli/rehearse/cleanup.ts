// Everything a rehearsal creates registers its undo here (simulators, temporary directory), and
// runs on every way out: success, failure, or Ctrl-C. The first SIGINT aborts the running step
// (the Pulumi CLI gets SIGINT, then SIGKILL) and cleans up; a second one only hurries the kill.

export interface CleanupResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

export class Cleanup {
  readonly #steps: { name: string; run: () => Promise<void> }[] = [];
  #ran = false;

  /** Registers an undo; undos run last-registered first. */
  add(name: string, run: () => Promise<void>): void {
    if (this.#ran) throw new TypeError(`cleanup already ran; cannot add ${name}`);
    this.#steps.push({ name, run });
  }

  /** Runs every undo once, even when some fail; later calls return []. */
  async run(): Promise<CleanupResult[]> {
    if (this.#ran) return [];
    this.#ran = true;
    const results: CleanupResult[] = [];
    for (const step of this.#steps.reverse()) {
      try {
        await step.run();
        results.push({ name: step.name, ok: true });
      } catch (cause) {
        results.push({ name: step.name, ok: false, error: (cause as Error).message });
      }
    }
    return results;
  }
}

/** The part of `process` that delivers Ctrl-C; tests pass an EventEmitter. */
export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/**
 * Turns SIGINT/SIGTERM into an abort of `controller`; while installed, Node's default (exit at
 * once, leaving the simulators' sockets and the temporary directory behind) is replaced.
 */
export function abortOnSignals(
  signals: SignalSource,
  controller: AbortController,
  onSignal: (count: number) => void = () => undefined,
): () => void {
  let count = 0;
  const listener = () => {
    count += 1;
    onSignal(count);
    if (!controller.signal.aborted) controller.abort(new Interrupted());
  };
  signals.on("SIGINT", listener);
  signals.on("SIGTERM", listener);
  return () => {
    signals.off("SIGINT", listener);
    signals.off("SIGTERM", listener);
  };
}

/** The abort reason of a Ctrl-C. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
  constructor() {
    super("interrupted");
  }
}
