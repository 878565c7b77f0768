// Phone numbers to E.164 with libphonenumber-js: Okta stores them in many shapes
// ("+1-555-415-1337", "2015550123"), Twilio Verify accepts only "+<country><number>".

import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { BoundedMap } from "./bounded-map";
import { validNationalE164 } from "./national-number";

/**
 * The E.164 form of `raw`, or undefined when the Worker must not send to it.
 *
 * - With a leading "+" the country is explicit: "possible" (right length for the country) is
 *   enough. The metadata in the bundle lags new number ranges, and Twilio is the authority on
 *   whether an explicit international number works.
 * - Without it the country is a guess (`defaultRegion`), so the number must be **valid** there:
 *   a national number of another country ("06 12 34 56 78", French) or a stray number (1e10)
 *   read as a US one is someone else's +1 number, and an OTP must never go to a guess.
 *   Numbers dialled with the region's international prefix ("011 44 …" in the US) are explicit
 *   and pass when valid.
 */
export function toE164(raw: string | number, defaultRegion: string): string | undefined {
  const text = String(raw).trim();
  if (text === "" || text.length > 40) return undefined;
  // Digits valid in the default region (Okta's documented shape) need no full parse.
  const national = validNationalE164(text, defaultRegion);
  if (national !== undefined) return national;
  const key = `${defaultRegion} ${text}`;
  const known = recent.get(key);
  if (known !== undefined) return known === "" ? undefined : known;
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: defaultRegion as CountryCode,
    extract: false,
  });
  const ok = parsed && (text.startsWith("+") ? parsed.isPossible() : parsed.isValid());
  const e164 = ok ? parsed.number : undefined;
  recent.set(key, e164 ?? "");
  return e164;
}

/**
 * Numbers normalised lately in this isolate ("" for refused ones), oldest first. Parsing costs
 * 8-20 µs of the isolate's one thread (more for numbers in unassigned ranges, which try every
 * country sharing the calling code); the same number comes back with each code a user asks for,
 * and in the feedback that follows. A pure function's cache: evicting the oldest entry is enough,
 * and BoundedMap evicts without rescanning the table.
 */
const recent = new BoundedMap<string, string>(2048);
