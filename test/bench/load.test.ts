// The wrk scripts bench/load.ts generates: every value is a Lua long string that its own text
// cannot close, and pacing draws exponential pauses; the latency histogram wrk hands back has its
// coordinated-omission correction undone (wrk itself is not needed here).

import { describe, expect, test } from "vitest";
import {
  correctionInterval,
  luaString,
  parseWrkOutput,
  percentile,
  uncorrect,
  wrkScript,
  type Histogram,
} from "../../bench/load";

describe("luaString", () => {
  test("picks a long-bracket level the text does not contain", () => {
    expect(luaString("plain")).toBe("[[\nplain]]");
    expect(luaString('a]]b"c')).toBe('[=[\na]]b"c]=]');
    expect(luaString("x]]y]=]z")).toBe("[==[\nx]]y]=]z]==]");
  });
});

describe("wrkScript", () => {
  const headers = { "content-type": "application/json", authorization: "s3cr]]et" };

  test("a fixed body and headers, saturating (no delay function)", () => {
    const script = wrkScript({ headers, body: '{"a":1}', connections: 1 });
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain("wrk.headers[ [[\nauthorization]] ] = [=[\ns3cr]]et]=]");
    expect(script).toContain('wrk.body = [[\n{"a":1}]]');
    expect(script).not.toContain("delay");
    expect(script).toContain("WRKJSON");
  });

  test("a body filled in per request and exponential pauses with the given mean", () => {
    const body = {
      parts: ['{"id":"', '","phone":"+12015', '"}'],
      holes: ["id", "digits6"] as const,
    };
    const script = wrkScript({ headers, body, pauseMs: 100, connections: 50 });
    expect(script).toContain(
      'return wrk.format(nil, nil, nil, [[\n{"id":"]] .. prefix .. n .. [[\n","phone":"+12015]] .. string.format("%06d", n % 1000000) .. [[\n"}]])',
    );
    expect(script).toContain("delay = function() return -math.log(1 - math.random()) * 100 end");
    // Seeded before the per-run prefix is drawn, so two runs never send the same event ids.
    expect(script.indexOf("math.randomseed")).toBeLessThan(script.indexOf("math.random(1e9)"));
  });

  test("a template needs one part more than holes", () => {
    expect(() =>
      wrkScript({ headers, body: { parts: ["a"], holes: ["id"] }, connections: 1 }),
    ).toThrow(/parts/);
  });
});

/** wrk 4.1's stats_correct (stats.c), on a dense array indexed by µs: the test's oracle. */
function wrkCorrect(data: number[], expected: number): void {
  for (let n = expected * 2; n < data.length; n++) {
    const count = data[n]!;
    for (let m = n - expected; count && m > expected; m -= expected) data[m]! += count;
  }
}

const sparse = (data: number[]): Histogram =>
  data.flatMap((c, v) => (c > 0 ? [[v, c] as const] : [])).reverse();

describe("wrk's coordinated-omission correction, undone", () => {
  test("one 100 ms stall among fast answers: wrk's p99 is the stall's shadow, the real one is not", () => {
    // 1 connection, 10,000 answers of 40-60 µs and one of 100 ms, in 0.6 s: wrk's interval 60 µs.
    const data = new Array<number>(100_001).fill(0);
    for (let i = 0; i < 10_000; i++) data[40 + (i % 21)]! += 1;
    data[100_000]! += 1;
    const recorded = sparse(data);
    const interval = correctionInterval(600_000, 10_001, 1);
    expect(interval).toBe(59);
    wrkCorrect(data, interval);
    const corrected = sparse(data);
    expect(percentile(corrected, 99)).toBeGreaterThan(80_000); // what the reports showed
    expect(uncorrect(corrected, interval)).toEqual(recorded);
    expect(percentile(uncorrect(corrected, interval), 99)).toBe(60);
  });

  test("many connections, random latencies: the recorded histogram comes back exactly", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) ** 3;
    const data = new Array<number>(50_001).fill(0);
    for (let i = 0; i < 20_000; i++) data[1 + Math.floor(random() * 50_000)]! += 1;
    const recorded = sparse(data);
    const interval = correctionInterval(3_000_000, 20_000, 50);
    wrkCorrect(data, interval);
    expect(uncorrect(sparse(data), interval)).toEqual(recorded);
  });

  test("parses wrk's lines, and refuses a histogram that does not add up to the requests", () => {
    const json = (requests: number) =>
      `WRKJSON {"requests":${requests},"durationUs":1000000,"p50Us":2,"p99Us":900,"status":0,"errors":0,"timeouts":0,"connections":1}`;
    // 3 answers of 2 µs and one of 9 µs over 1 s: interval 250 000 µs, nothing corrected.
    const out = `${json(4)}\nWRKHIST 2 9 4 2:3 9:1\n`;
    expect(parseWrkOutput(out)).toMatchObject({
      requests: 4,
      p50Ms: 0.002,
      p99Ms: 0.009,
      p99WrkMs: 0.9,
    });
    expect(() => parseWrkOutput(`${json(5)}\nWRKHIST 2 9 4 2:3 9:1\n`)).toThrow(/4 recorded/);
    expect(() => parseWrkOutput(json(4))).toThrow(/no result/);
  });
});
