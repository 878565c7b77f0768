// Fault injection shared by the simulators: `<operation>:<status|timeout|drop>[x<times>]`, as
// `rehearse --fault` and the simulators' tests write them.
export type FaultKind =
  { readonly status: number } | { readonly timeout: true } | { readonly drop: true };

export interface Fault {
  /** An operation id (`createApplication`), or `*` for every operation. */
  readonly operation: string;
  readonly kind: FaultKind;
  /** How many matching calls fail; then the operation answers normally. Infinity = always. */
  remaining: number;
}

export function parseFault(text: string): Fault {
  const m = /^([A-Za-z0-9_*.-]+):(\d{3}|timeout|drop)(?:x(\d+))?$/.exec(text.trim());
  if (m === null) {
    throw new TypeError(
      `fault ${JSON.stringify(text)}: expected <operation>:<status|timeout|drop>[x<times>], e.g. createApplication:429x3`,
    );
  }
  const [, operation, what, times] = m;
  const kind: FaultKind =
    what === "timeout"
      ? { timeout: true }
      : what === "drop"
        ? { drop: true }
        : { status: Number(what) };
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
