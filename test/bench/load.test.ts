// The wrk scripts bench/load.ts generates: every value is a Lua long string that its own text
// cannot close, and pacing draws exponential pauses (wrk itself is not needed here).

import { describe, expect, test } from "vitest";
import { luaString, wrkScript } from "../../bench/load";

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
    const script = wrkScript({ headers, body: '{"a":1}' });
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
    const script = wrkScript({ headers, body, pauseMs: 100 });
    expect(script).toContain(
      'return wrk.format(nil, nil, nil, [[\n{"id":"]] .. prefix .. n .. [[\n","phone":"+12015]] .. string.format("%06d", n % 1000000) .. [[\n"}]])',
    );
    expect(script).toContain("delay = function() return -math.log(1 - math.random()) * 100 end");
    // Seeded before the per-run prefix is drawn, so two runs never send the same event ids.
    expect(script.indexOf("math.randomseed")).toBeLessThan(script.indexOf("math.random(1e9)"));
  });

  test("a template needs one part more than holes", () => {
    expect(() => wrkScript({ headers, body: { parts: ["a"], holes: ["id"] } })).toThrow(/parts/);
  });
});
