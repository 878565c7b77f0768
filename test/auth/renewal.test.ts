// The one renewal rule both token caches use (components/auth/renewal.ts).

import { describe, expect, it } from "vitest";
import { renewAt, tokenLifetimeMs } from "../../components/auth/renewal";

const T = 1_000_000;

describe("renewAt", () => {
  it.each([
    // [expires_in (s), renewed after (ms)]
    [3600, 3_540_000],
    [300, 240_000],
    [121, 61_000],
    // Two minutes or less: half the lifetime, so a short token is still reused.
    [120, 60_000],
    [60, 30_000],
    [30, 15_000],
    [1, 500],
  ])("keeps a token that lives %i s for %i ms", (expiresIn, keptMs) => {
    expect(renewAt(T, expiresIn) - T).toBe(keptMs);
  });

  it("takes Okta's one-hour lifetime when the server sends no expires_in", () => {
    expect(renewAt(T, undefined) - T).toBe(3_540_000);
  });

  it("renews at once a token that lives 0 s, a negative or a non-finite time", () => {
    for (const expiresIn of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(renewAt(T, expiresIn)).toBe(T);
    }
  });
});

describe("tokenLifetimeMs (what the Worker logs as a token's lifetime)", () => {
  it("is the answer's expires_in, Okta's hour when absent, zero when negative or non-finite", () => {
    expect([60, undefined, 0, -5, Number.NaN].map(tokenLifetimeMs)).toEqual([
      60_000, 3_600_000, 0, 0, 0,
    ]);
  });
});
