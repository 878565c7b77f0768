// The simulators' clock: real time by default, or scaled so a rehearsal under rate limits runs
// faster than real time while reports still state real-time equivalents.
export interface SimClock {
  /** Simulated milliseconds since the epoch. */
  now(): number;
  /** Simulated milliseconds per real millisecond (1 = real time). */
  readonly scale: number;
  /** Moves simulated time forward without waiting (tests). */
  advance(ms: number): void;
  /** Resolves after `ms` simulated milliseconds. */
  sleep(ms: number): Promise<void>;
}

export function simClock(
  options: { readonly scale?: number; readonly start?: number } = {},
): SimClock {
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new TypeError(`clock scale must be > 0, got ${scale}`);
  const realStart = Date.now();
  const simStart = options.start ?? realStart;
  let offset = 0;
  const now = (): number => simStart + (Date.now() - realStart) * scale + offset;
  return {
    now,
    scale,
    advance(ms) {
      offset += ms;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / scale))),
  };
}
