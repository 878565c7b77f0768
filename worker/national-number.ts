// A shortcut for the shape Okta's telephony hook documents ("9876543210": digits, no "+") in the
// Worker's default region: the same answer libphonenumber-js gives, from the same metadata, for
// a few regex tests instead of its full parse. Per request, that parse costs the isolate tens of
// µs (docs/BENCHMARKS.md, "where the telephony CPU goes"). It only ever says "valid, and this is
// its E.164"; anything else goes to libphonenumber-js (phone.ts), so a doubt costs time, never
// a wrong number. test/worker/national-number.test.ts checks it against libphonenumber-js for
// every region.
//
// Why the answers agree (libphonenumber-js 1.13 source, parse.js and helpers/):
// - parse() of a digit string with a default country first tries the region's international
//   prefix (stripIddPrefix), then the region's calling code without "+"
//   (extractCountryCallingCodeFromInternationalNumberWithoutPlusSign), then strips a national
//   prefix (extractNationalNumberFromPossiblyIncompleteNumber). Digits starting with any of the
//   three are left to it: then the national number is exactly the digits.
// - The country is the region when it is the only one with its calling code, or the first listed
//   for it and without leading digits (getCountryByNationalNumber tries the listed countries in
//   order and takes the first whose number types match). Other regions are left to it.
// - isValid() is then getNumberType() for that country: the national number pattern, and one of
//   the number types' patterns with the type's possible lengths. This tests the same patterns.

import { Metadata } from "libphonenumber-js";

/** Number types getNumberType() tries (helpers/getNumberType.js), FIXED_LINE first. */
const NUMBER_TYPES = [
  "FIXED_LINE",
  "MOBILE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
] as const;

/**
 * The numbering-plan methods read here: present at runtime, left out of the library's .d.ts.
 * The compressed metadata writes an absent field as 0.
 */
interface NumberingPlan {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalPrefixForParsing(): string | 0 | undefined;
  nationalNumberPattern(): string;
  leadingDigits(): string | 0 | undefined;
  hasTypes(): boolean;
  type(
    name: string,
  ): { pattern(): string | 0; possibleLengths(): number[] | undefined } | undefined;
}

interface PlanMetadata {
  selectNumberingPlan(country: string): void;
  numberingPlan: NumberingPlan;
  hasCountry(country: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}

interface Rule {
  readonly callingCode: string;
  /** Digits libphonenumber-js would read another way: international or national prefix. */
  readonly reread: readonly RegExp[];
  readonly national: RegExp;
  /** Undefined when the metadata has no number types: then the national pattern decides. */
  readonly types:
    readonly { readonly pattern: RegExp; readonly lengths?: readonly number[] }[] | undefined;
}

/** Digits only, within libphonenumber's national number lengths (2-17, constants.js). */
const DIGITS = /^[0-9]{2,17}$/;

/**
 * The E.164 form of `digits` when libphonenumber-js, given `region` as the default country,
 * would find it valid there with nothing stripped; undefined means "ask libphonenumber-js".
 */
export function validNationalE164(text: string, region: string): string | undefined {
  if (!DIGITS.test(text)) return undefined;
  const rule = ruleFor(region);
  if (rule === undefined || text.startsWith(rule.callingCode)) return undefined;
  if (rule.reread.some((prefix) => prefix.test(text)) || !rule.national.test(text))
    return undefined;
  if (rule.types === undefined) return `+${rule.callingCode}${text}`;
  for (const type of rule.types) {
    if (
      (type.lengths === undefined || type.lengths.includes(text.length)) &&
      type.pattern.test(text)
    ) {
      return `+${rule.callingCode}${text}`;
    }
  }
  return undefined;
}

/** Per region, built on first use: a Worker has one default region. */
const rules = new Map<string, Rule | undefined>();

function ruleFor(region: string): Rule | undefined {
  if (!rules.has(region)) rules.set(region, buildRule(region));
  return rules.get(region);
}

function buildRule(region: string): Rule | undefined {
  const metadata = new Metadata() as unknown as PlanMetadata;
  if (!metadata.hasCountry(region)) return undefined;
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan;
  const callingCode = plan.callingCode();
  const countries = metadata.getCountryCodesForCallingCode(callingCode) ?? [];
  const decidedByTypes = countries.length === 1 || !plan.leadingDigits();
  const idd = plan.IDDPrefix();
  if (countries[0] !== region || !decidedByTypes || !idd) return undefined;
  const nationalPrefix = plan.nationalPrefixForParsing();
  // isValidNumber(): without types (the "min" metadata of a calling code with one country), the
  // national pattern is the whole test.
  const types = plan.hasTypes()
    ? NUMBER_TYPES.flatMap((name) => {
        const type = plan.type(name);
        const pattern = type?.pattern();
        return type && pattern
          ? [{ pattern: whole(pattern), lengths: type.possibleLengths() }]
          : [];
      })
    : undefined;
  return {
    callingCode,
    reread: [start(idd), ...(nationalPrefix ? [start(nationalPrefix)] : [])],
    national: whole(plan.nationalNumberPattern()),
    types,
  };
}

/** matchesEntirely() in helpers/matchesEntirely.js. */
function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** A match at the start, as stripIddPrefix's search() === 0 and the national prefix's ^(?:). */
function start(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})`);
}
