// V8's --trace-gc lines, as workerd prints them on stdout, summed per kind: how long the isolate's
// one thread stood still for garbage collection during a run (every answer in flight waits it out).
// A line looks like:
//   [1283:0x71b9ffca4000]    15540 ms: Mark-Compact 33.1 (53.4) -> 3.3 (53.4) MB, pooled: 0.0 MB,
//   13.91 / 0.00 ms (average mu = 0.997, current mu = 0.997) allocation failure; ...
// The first figure after the sizes is the pause on the main thread; the second, the time spent
// outside it (concurrent or background work), which does not stop JavaScript.

export type GcKind = "scavenge" | "mark-compact";

export interface GcPause {
  readonly kind: GcKind;
  readonly ms: number;
}

const LINE =
  /\bms: (Scavenge|Minor Mark-Sweep|Mark-Compact|Mark-Sweep)\b.*?MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/;

/** Every GC pause in `text` (other lines are skipped). */
export function parseGcTrace(text: string): GcPause[] {
  const pauses: GcPause[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const kind: GcKind =
      m[1] === "Scavenge" || m[1] === "Minor Mark-Sweep" ? "scavenge" : "mark-compact";
    pauses.push({ kind, ms: Number(m[2]) });
  }
  return pauses;
}

export interface GcSummary {
  readonly count: number;
  readonly totalMs: number;
  readonly maxMs: number;
}

export function summarise(pauses: readonly GcPause[], kind: GcKind): GcSummary {
  const ms = pauses.filter((p) => p.kind === kind).map((p) => p.ms);
  return {
    count: ms.length,
    totalMs: ms.reduce((sum, x) => sum + x, 0),
    maxMs: ms.length === 0 ? 0 : Math.max(...ms),
  };
}
