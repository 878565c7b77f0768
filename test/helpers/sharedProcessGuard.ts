// Setup file of the suites that share a worker process (vitest.config.mts): a file that leaves the
// process's timers, clock, fetch or module loader replaced breaks whichever file runs next, far
// from the cause (a fake setTimeout left behind made a later suite's simulator never answer).
// This fails the file that found the process changed, and the file that changed it, naming what.
import Module from "node:module";
import { afterAll, beforeAll } from "vitest";

const GLOBALS = [
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "setImmediate",
  "queueMicrotask",
  "Date",
  "fetch",
] as const;

type Snapshot = Record<
  | (typeof GLOBALS)[number]
  | "performance.now"
  | "Date.now"
  | "Error.stackTraceLimit"
  | "Module._load",
  unknown
>;

function snapshot(): Snapshot {
  const g = globalThis as unknown as Record<string, unknown>;
  const out = Object.fromEntries(GLOBALS.map((name) => [name, g[name]])) as Snapshot;
  out["performance.now"] = performance.now;
  out["Date.now"] = Date.now;
  // What a CLI's fast start changes for its one-shot process (cli/lib/fastStart.ts).
  out["Error.stackTraceLimit"] = Error.stackTraceLimit;
  out["Module._load"] = (Module as unknown as { _load: unknown })._load;
  return out;
}

// Setup files run again before every file; the first run in a process records the real globals.
const KEY = Symbol.for("oktaplane.test.realGlobals");
const store = globalThis as unknown as Record<symbol, Snapshot | undefined>;
const real = (store[KEY] ??= snapshot());

function changed(): string[] {
  const now = snapshot();
  return (Object.keys(real) as (keyof Snapshot)[]).filter((name) => now[name] !== real[name]);
}

function check(when: string): void {
  const names = changed();
  if (names.length === 0) return;
  throw new Error(
    `${when}, ${names.join(", ")} ${names.length === 1 ? "is" : "are"} not the process's own ` +
      "(fake timers or a spy left in place, or a CLI's fast start loaded?). Suites here share " +
      "a process: put them back (vi.useRealTimers(), a spy's mockRestore before faking ends), " +
      "or, if it loads a CLI, list it in vitest.config.mts's FAST_START.",
  );
}

beforeAll(() =>
  check("When this file's tests started (its imports ran, or a file before it left them)"),
);
afterAll(() => check("When this file ended"));
