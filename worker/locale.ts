// Okta's telephony `locale` ("EN-US") to a Twilio Verify `Locale` ("en"). Twilio answers 404 to a
// locale it does not support, so anything outside the table is left out and Twilio picks the
// language from the number's country code (its recommended default).
// Table: https://www.twilio.com/docs/verify/supported-languages (language tags listed there).

const TWILIO_LOCALES: ReadonlyMap<string, string> = new Map(
  [
    "af",
    "ar",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "en-GB",
    "es",
    "et",
    "fi",
    "fr",
    "he",
    "hi",
    "hr",
    "hu",
    "id",
    "it",
    "ja",
    "kn",
    "ko",
    "lt",
    "mr",
    "ms",
    "nb",
    "nl",
    "pl",
    "pt",
    "pt-BR",
    "ro",
    "ru",
    "sk",
    "sv",
    "te",
    "th",
    "tl",
    "tr",
    "uk",
    "vi",
    "zh",
    "zh-CN",
    "zh-HK",
  ].map((tag) => [tag.toLowerCase(), tag]),
);

/** Legacy or alternative language codes that Okta (a Java platform) may send. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["iw", "he"],
  ["in", "id"],
  ["no", "nb"],
  ["nn", "nb"],
  ["fil", "tl"],
]);

/** Tags whose bare language would pick the wrong script: leave them to Twilio's auto-detection. */
const NO_FALLBACK = ["zh-tw", "zh-hant", "zh-mo"];

export function toTwilioLocale(oktaLocale: string | undefined): string | undefined {
  if (typeof oktaLocale !== "string") return undefined;
  const tag = oktaLocale.trim().replace(/_/g, "-").toLowerCase();
  if (tag === "") return undefined;
  const exact = TWILIO_LOCALES.get(tag);
  if (exact) return exact;
  if (NO_FALLBACK.some((p) => tag === p || tag.startsWith(`${p}-`))) return undefined;
  const primary = tag.split("-")[0]!;
  return TWILIO_LOCALES.get(ALIASES.get(primary) ?? primary);
}
