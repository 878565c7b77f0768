// Fault injection shared by the simulators: `<operation>:<status[/code]|timeout|drop|slow<ms>>[x<times>]`,
// as `rehearse --fault` and the simulators' tests write them.
import type { ServerResponse } from "node:http";
import type { SimClock } from "./clock";

export type FaultKind =
  /** Answer this status; `code` picks the API's own error code (Twilio 60203 on a 429, say). */
  | { readonly status: number; readonly code?: number }
  | { readonly timeout: true }
  | { readonly drop: true }
  /** Answer normally, but only after this many simulated milliseconds. */
  | { readonly slowMs: number };

export interface Fault {
  /** An operation id (`createApplication`), or `*` for every operation. */
  readonly operation: string;
  readonly kind: FaultKind;
  /** How many matching calls fail; then the operation answers normally. Infinity = always. */
  remaining: number;
}

export function parseFault(text: string): Fault {
  const m = /^([A-Za-z0-9_*.-]+):(\d{3}(?:\/\d+)?|timeout|drop|slow\d+)(?:x(\d+))?$/.exec(
    text.trim(),
  );
  if (m === null) {
    throw new TypeError(
      `fault ${JSON.stringify(text)}: expected <operation>:<status[/code]|timeout|drop|slow<ms>>[x<times>], e.g. createApplication:429x3, CreateVerification:429/60203, CreateVerification:slow5000`,
    );
  }
  const [, operation, what, times] = m;
  const [status, code] = what!.split("/");
  const kind: FaultKind =
    what === "timeout"
      ? { timeout: true }
      : what === "drop"
        ? { drop: true }
        : what!.startsWith("slow")
          ? { slowMs: Number(what!.slice("slow".length)) }
          : code === undefined
            ? { status: Number(status) }
            : { status: Number(status), code: Number(code) };
  return { operation: operation!, kind, remaining: times === undefined ? Infinity : Number(times) };
}

export class FaultPlan {
  readonly #faults: Fault[] = [];

  add(fault: Fault | string): void {
    this.#faults.push(typeof fault === "string" ? parseFault(fault) : { ...fault });
  }

  /** The fault for this call, consuming one of its uses, or undefined. */
  take(operation: string): FaultKind | undefined {
    const fault = this.#faults.find(
      (f) => f.remaining > 0 && (f.operation === operation || f.operation === "*"),
    );
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    return fault.kind;
  }

  clear(): void {
    this.#faults.length = 0;
  }
}

/**
 * Carries out the transport faults every simulator shares. `timeout` never answers (the socket
 * stays open until the caller gives up or the simulator closes), `drop` destroys the socket, and
 * `slow` waits before the normal answer. Returns true when the fault has replaced the answer;
 * a status fault is left to the simulator, which knows its API's error shape.
 */
export async function applyTransportFault(
  kind: FaultKind,
  res: ServerResponse,
  clock: SimClock,
): Promise<boolean> {
  if ("timeout" in kind) return true;
  if ("drop" in kind) {
    res.socket?.destroy();
    return true;
  }
  if ("slowMs" in kind) await clock.sleep(kind.slowMs);
  return false;
}
