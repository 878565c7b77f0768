// bench/perf-profile.ts: perf's flat report read into samples, symbols sorted into workerd's
// layers, and two processes compared per request by their own CPU time.

import { expect, test } from "vitest";
import { compareProfiles, layerOf, parsePerfReport } from "../../bench/perf-profile";

// The shape `perf report --no-children --sort sym -g none -n --stdio` prints (perf 6.1).
const REPORT = `# To display the perf.data header info, please use --header/--header-only options.
#
# Samples: 400  of event 'cpu-clock:ppp'
# Overhead       Samples  Symbol
# ........  ............  ......................................
#
    50.00%           200  [.] kj::EventLoop::turn
    25.00%           100  [k] clear_page_rep
    12.50%            50  [.] JS:^sendCode worker.js:4039:19
    12.50%            50  [.] _ZN2v88internal11PropertyKeyC2INS0_6ObjectE

`;

test("reads perf's rows and skips its comments", () => {
  expect(parsePerfReport(REPORT)).toEqual([
    { space: ".", symbol: "kj::EventLoop::turn", samples: 200 },
    { space: "k", symbol: "clear_page_rep", samples: 100 },
    { space: ".", symbol: "JS:^sendCode worker.js:4039:19", samples: 50 },
    { space: ".", symbol: "_ZN2v88internal11PropertyKeyC2INS0_6ObjectE", samples: 50 },
  ]);
});

test.each([
  ["k", "clear_page_rep", "kernel"],
  [".", "JS:*'handle worker.js:4778:22", "JavaScript (JIT code and V8 builtins)"],
  [".", "Builtins_LoadICGenericBaseline", "JavaScript (JIT code and V8 builtins)"],
  [
    ".",
    "v8::internal::Scavenger::ScavengeObject<v8::internal::CompressedHeapObjectSlot>",
    "garbage collection",
  ],
  [".", "workerd::jsg::HeapTracer::ResetRoot", "garbage collection"],
  [".", "v8::internal::JsonParser<unsigned char>::ParseJsonObject", "V8 runtime"],
  [".", "_ZN2v88internal11PropertyKeyC2INS0_6ObjectE", "V8 runtime"],
  [".", "TCMallocInternalNewArray", "memory allocation"],
  [".", "workerd::api::Headers::~Headers", "workerd APIs"],
  [".", "kj::_::TransformPromiseNodeBase::TransformPromiseNodeBase", "kj (I/O, promises)"],
  [".", "__memmove_avx_unaligned_erms", "other"],
] as const)("%s %s is %s", (space, symbol, layer) => {
  expect(layerOf({ space, symbol })).toBe(layer);
});

test("shares each process's CPU per request out by its samples, and ranks what grew", () => {
  const base = { rows: parsePerfReport(REPORT), cpuUs: 400_000, requests: 1000 };
  // Twice the CPU per request, all of the extra in the JIT frame.
  const other = {
    rows: parsePerfReport(REPORT).map((r) =>
      r.symbol.startsWith("JS:") ? { ...r, samples: 450 } : r,
    ),
    cpuUs: 800_000,
    requests: 1000,
  };
  const c = compareProfiles(base, other, 2);
  expect(c.perRequestUs).toEqual({ base: 400, other: 800 });
  const layer = (name: string) => c.layers.find((l) => l.layer === name)!;
  expect(layer("kj (I/O, promises)")).toMatchObject({ base: 200, other: 200 });
  expect(layer("JavaScript (JIT code and V8 builtins)")).toMatchObject({ base: 50, other: 450 });
  expect(layer("V8 runtime")).toMatchObject({ base: 50, other: 50 });
  expect(c.layers.reduce((sum, l) => sum + l.other, 0)).toBeCloseTo(800);
  expect(c.symbols.map((s) => s.symbol)).toEqual([
    "JS:^sendCode worker.js:4039:19",
    "kj::EventLoop::turn",
  ]);
});
