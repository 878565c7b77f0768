// Structured logging: one JSON object per line, tagged with the request id. Callers pass only
// safe fields; phone numbers go through maskPhone first. Secrets, tokens and OTPs are never fields.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  readonly requestId: string;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/** A logger whose lines all carry `requestId`; `sink` defaults to console.log. */
export function createLogger(
  requestId: string,
  sink: (line: string) => void = (line) => console.log(line),
): Logger {
  return {
    requestId,
    log(level, msg, fields = {}) {
      sink(JSON.stringify({ level, msg, requestId, ...fields }));
    },
  };
}

/** `+15554151337` → `***1337`: enough to correlate with Twilio's console, not enough to dial. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const keep = digits.length >= 8 ? 4 : digits.length >= 4 ? 2 : 0;
  return `***${digits.slice(digits.length - keep)}`;
}
