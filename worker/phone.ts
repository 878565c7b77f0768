// Phone numbers to E.164 with libphonenumber-js: Okta stores them in many shapes
// ("+1-555-415-1337", "9876543210"), Twilio Verify accepts only "+<country><number>".

import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * The E.164 form of `raw`, or undefined when it cannot be one. Numbers without a leading "+" are
 * read in `defaultRegion`. "Possible" (right length for the country), not "valid": the metadata
 * in the bundle lags new number ranges, and Twilio is the authority on whether a number works.
 */
export function toE164(raw: string | number, defaultRegion: string): string | undefined {
  const text = String(raw).trim();
  if (text === "" || text.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: defaultRegion as CountryCode,
    extract: false,
  });
  return parsed?.isPossible() ? parsed.number : undefined;
}
