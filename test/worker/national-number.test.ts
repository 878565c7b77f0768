// The national-number shortcut against libphonenumber-js itself, for every region it has
// metadata for: wherever the shortcut answers, libphonenumber-js must give the same E.164.

import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";
import examples from "libphonenumber-js/examples.mobile.json";
import { describe, expect, test } from "vitest";
import { validNationalE164 } from "../../worker/national-number";
import { toE164 } from "../../worker/phone";

/** What the Worker sent before the shortcut: libphonenumber-js's valid-in-region answer. */
function libphonenumber(text: string, region: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: region as CountryCode,
    extract: false,
  });
  return parsed?.isValid() ? parsed.number : undefined;
}

/** mulberry32: a seeded generator, so a failure names an input that fails again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (next: () => number, n: number) =>
  Array.from({ length: n }, () => String(Math.floor(next() * 10))).join("");

/**
 * Inputs for `region`: its example mobile number with the last digits replaced, the same with
 * each kind of prefix libphonenumber-js strips (national "0"/"1", international "00"/"011",
 * the calling code), and random digit strings of every length the shortcut takes.
 */
function samples(region: CountryCode, next: () => number, count: number): string[] {
  const example = (examples as Record<string, string>)[region] ?? "";
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const keep = Math.floor(next() * example.length);
    const base = example.slice(0, keep) + digits(next, example.length - keep);
    const prefixes = ["", "", "", "0", "1", "00", "011", "8", getCountryCallingCode(region)];
    const prefix = prefixes[Math.floor(next() * prefixes.length)]!;
    out.push(prefix + base, digits(next, 2 + Math.floor(next() * 16)));
  }
  return out;
}

describe("validNationalE164", () => {
  test("agrees with libphonenumber-js wherever it answers, in every region", () => {
    const next = random(16);
    const disagreements: string[] = [];
    let answered = 0;
    let valid = 0;
    for (const region of getCountries()) {
      for (const text of samples(region, next, 200)) {
        const expected = libphonenumber(text, region);
        if (expected !== undefined) valid++;
        const fast = validNationalE164(text, region);
        if (fast === undefined) continue;
        answered++;
        if (fast !== expected) disagreements.push(`${region} ${text}: ${fast} vs ${expected}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Not a vacuous pass: the samples hold thousands of valid numbers, and the shortcut takes
    // most of them (the rest, prefixed or in shared calling codes, go to libphonenumber-js).
    expect(valid).toBeGreaterThan(10_000);
    expect(answered).toBeGreaterThan(valid / 2);
  });

  test.each([
    ["2015550123", "US", "+12015550123"], // the documented shape, in the default region
    ["612345678", "FR", "+33612345678"], // a region whose metadata has no number types
  ])("answers %s in %s itself: %s", (text, region, e164) => {
    expect(validNationalE164(text, region)).toBe(e164);
  });

  test.each([
    ["12015550123", "US"], // national prefix "1": libphonenumber-js strips it
    ["01144207946095", "US"], // international prefix "011"
    ["9876543210", "US"], // no area code: invalid, and the refusal is libphonenumber-js's
    ["6135550123", "CA"], // CA is not first for +1: the country is libphonenumber-js's to pick
    ["(201) 555-0123", "US"], // punctuation
    ["+12015550123", "US"],
    ["2015550123", "XX"], // no such region
  ])("leaves %s in %s to libphonenumber-js", (text, region) => {
    expect(validNationalE164(text, region)).toBeUndefined();
    // ...which still answers as before, through toE164.
    expect(toE164(text, region)).toBe(libphonenumber(text, region));
  });
});
