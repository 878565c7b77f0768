// Reads `perf report --no-children --sort sym -g none -n --stdio` (Linux perf) into samples per
// symbol, sorts symbols into the layers of a workerd process, and compares two processes per
// request. Pure: bench/worker-profile.ts runs perf and prints what this computes.

export interface SymbolSamples {
  /** `k` kernel, `.` user space (perf's marker). */
  readonly space: "k" | ".";
  readonly symbol: string;
  readonly samples: number;
}

/** One row of perf's flat report: `  12.34%   567  [.] symbol`. */
const ROW = /^\s*[\d.]+%\s+(\d+)\s+\[(k|\.)\]\s+(.+?)\s*$/;

export function parsePerfReport(text: string): SymbolSamples[] {
  const rows: SymbolSamples[] = [];
  for (const line of text.split("\n")) {
    const m = ROW.exec(line);
    if (m) rows.push({ space: m[2] as "k" | ".", symbol: m[3]!, samples: Number(m[1]) });
  }
  return rows;
}

export const LAYERS = [
  "kernel",
  "JavaScript (JIT code and V8 builtins)",
  "V8 runtime",
  "garbage collection",
  "workerd APIs",
  "kj (I/O, promises)",
  "memory allocation",
  "other",
] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * The layer a symbol belongs to, by its name as workerd's (unstripped) binary and V8's perf map
 * (`--perf-basic-prof`: `JS:` frames) give it.
 */
export function layerOf({ space, symbol: name }: Pick<SymbolSamples, "space" | "symbol">): Layer {
  if (space === "k") return "kernel";
  const symbol = namespaced(name);
  if (symbol.startsWith("JS:") || symbol.startsWith("Builtins_")) {
    return "JavaScript (JIT code and V8 builtins)";
  }
  if (/Scaveng|MarkCompact|Marking|Sweep|GCTracer|HeapTracer|IsUnmodifiedApiObject/.test(symbol)) {
    return "garbage collection";
  }
  if (symbol.startsWith("v8::")) return "V8 runtime";
  if (/tcmalloc|TCMalloc|^operator (new|delete)|^(malloc|free|calloc|realloc)$/.test(symbol)) {
    return "memory allocation";
  }
  if (symbol.startsWith("workerd::")) return "workerd APIs";
  if (symbol.startsWith("kj::")) return "kj (I/O, promises)";
  return "other";
}

/** perf leaves some C++ names mangled (`_ZN2v88internal…`): their namespace is enough here. */
const MANGLED: ReadonlyArray<readonly [string, string]> = [
  ["_ZN2v8", "v8::"],
  ["_ZN7workerd", "workerd::"],
  ["_ZN2kj", "kj::"],
];

function namespaced(symbol: string): string {
  for (const [prefix, namespace] of MANGLED) {
    if (symbol.startsWith(prefix)) return namespace + symbol.slice(prefix.length);
  }
  return symbol;
}

export interface Profile {
  readonly rows: readonly SymbolSamples[];
  /** The process's CPU time over the profile, µs (user + system, /proc). */
  readonly cpuUs: number;
  readonly requests: number;
}

/** CPU µs per request by symbol: the process's CPU time per request shared out by samples. */
function perRequest(profile: Profile): Map<string, { row: SymbolSamples; us: number }> {
  const total = profile.rows.reduce((sum, r) => sum + r.samples, 0);
  const perSample = total === 0 ? 0 : profile.cpuUs / profile.requests / total;
  return new Map(profile.rows.map((row) => [row.symbol, { row, us: row.samples * perSample }]));
}

export interface Comparison {
  readonly perRequestUs: { readonly base: number; readonly other: number };
  readonly layers: ReadonlyArray<{ layer: Layer; base: number; other: number }>;
  /** Symbols by how much more CPU per request `other` spends in them, largest first. */
  readonly symbols: ReadonlyArray<{ symbol: string; base: number; other: number }>;
}

export function compareProfiles(base: Profile, other: Profile, top = 15): Comparison {
  const [b, o] = [perRequest(base), perRequest(other)];
  const inLayer = (symbols: typeof b, layer: Layer) =>
    [...symbols.values()].reduce((sum, s) => sum + (layerOf(s.row) === layer ? s.us : 0), 0);
  const layers = LAYERS.map((layer) => ({
    layer,
    base: inLayer(b, layer),
    other: inLayer(o, layer),
  }));
  const symbols = [...new Set([...b.keys(), ...o.keys()])]
    .map((symbol) => ({ symbol, base: b.get(symbol)?.us ?? 0, other: o.get(symbol)?.us ?? 0 }))
    .sort((x, y) => y.other - y.base - (x.other - x.base))
    .slice(0, top);
  return {
    perRequestUs: { base: base.cpuUs / base.requests, other: other.cpuUs / other.requests },
    layers,
    symbols,
  };
}
