// Phone numbers to E.164 with libphonenumber-js: Okta stores them in many shapes
// ("+1-555-415-1337", "2015550123"), Twilio Verify accepts only "+<country><number>".

import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

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
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: defaultRegion as CountryCode,
    extract: false,
  });
  if (!parsed) return undefined;
  const ok = text.startsWith("+") ? parsed.isPossible() : parsed.isValid();
  return ok ? parsed.number : undefined;
}
