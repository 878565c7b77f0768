// The Worker's bindings: the typed `Env`, the list the stack uses to create them, and the one
// validation that turns them into a Config (run once per isolate; misconfiguration fails closed).

import { ConfigError } from "./errors";

/** Bindings as the Workers runtime hands them over: all text. */
export interface Env {
  readonly OKTA_ORG_URL: string;
  readonly OKTA_CLIENT_ID: string;
  readonly OKTA_PRIVATE_KEY: string;
  readonly OKTA_KEY_ID: string;
  readonly OKTA_DPOP: string;
  readonly EVENT_HOOK_AUTH_HEADER: string;
  readonly EVENT_HOOK_SECRET: string;
  readonly TELEPHONY_AUTH_HEADER: string;
  readonly TELEPHONY_SECRET: string;
  readonly TWILIO_ACCOUNT_SID: string;
  readonly TWILIO_AUTH_TOKEN: string;
  readonly TWILIO_VERIFY_SERVICE_SID: string;
  readonly TWILIO_API_BASE?: string;
  readonly PHONE_DEFAULT_REGION?: string;
  readonly TELEPHONY_DEADLINE_MS?: string;
  readonly FEEDBACK_MAX_IN_FLIGHT?: string;
  readonly FEEDBACK_MAX_PENDING?: string;
}

export type BindingName = keyof Env;

export interface WorkerBinding {
  readonly name: BindingName;
  /** Cloudflare binding type: secrets are `secret_text`, the rest `plain_text`. */
  readonly type: "secret_text" | "plain_text";
  readonly required: boolean;
  readonly description: string;
}

/** Every binding the Worker reads. The stack creates the required ones; optional ones have defaults. */
export const WORKER_BINDINGS: readonly WorkerBinding[] = [
  b("OKTA_ORG_URL", "plain_text", true, "Okta org URL, https://<org>.okta.com (not -admin)"),
  b("OKTA_CLIENT_ID", "plain_text", true, "client id of the receiver's service app"),
  b("OKTA_PRIVATE_KEY", "secret_text", true, "PKCS#8 PEM private key (RS256 or ES256)"),
  b("OKTA_KEY_ID", "plain_text", true, "kid of that key in the app's JWKS"),
  b("OKTA_DPOP", "plain_text", true, '"true" when the service app requires DPoP'),
  b("EVENT_HOOK_AUTH_HEADER", "plain_text", true, "event hook authScheme.key (header name)"),
  b("EVENT_HOOK_SECRET", "secret_text", true, "event hook authScheme.value (sent verbatim)"),
  b("TELEPHONY_AUTH_HEADER", "plain_text", true, "telephony hook authScheme.key (header name)"),
  b("TELEPHONY_SECRET", "secret_text", true, "telephony hook authScheme.value (sent verbatim)"),
  b("TWILIO_ACCOUNT_SID", "plain_text", true, "Twilio account SID, AC…"),
  b("TWILIO_AUTH_TOKEN", "secret_text", true, "Twilio auth token"),
  b(
    "TWILIO_VERIFY_SERVICE_SID",
    "plain_text",
    true,
    "Twilio Verify service SID, VA… (custom code on)",
  ),
  b("TWILIO_API_BASE", "plain_text", false, "tests only: loopback Twilio stand-in; default Twilio"),
  b("PHONE_DEFAULT_REGION", "plain_text", false, "ISO country for numbers without +; default US"),
  b(
    "FEEDBACK_MAX_IN_FLIGHT",
    "plain_text",
    false,
    "events fed back at once per isolate (1-1000); past it, events wait their turn; default 32",
  ),
  b(
    "FEEDBACK_MAX_PENDING",
    "plain_text",
    false,
    "unfinished feedback events per isolate (1-100000); past it, events are shed; default 10000",
  ),
  b(
    "TELEPHONY_DEADLINE_MS",
    "plain_text",
    false,
    "telephony budget in ms (200-2800); default 2200",
  ),
];

function b(
  name: BindingName,
  type: WorkerBinding["type"],
  required: boolean,
  description: string,
): WorkerBinding {
  return { name, type, required, description };
}

export const TWILIO_API_BASE_DEFAULT = "https://verify.twilio.com";
export const TELEPHONY_DEADLINE_DEFAULT_MS = 2200;
/**
 * Events fed back at once per isolate (see backlog.ts). Each holds one upstream call at a time;
 * 32 keeps Okta and Twilio well inside their concurrency limits and bounds the CPU a burst of
 * upstream answers can take from the telephony hook in one go.
 */
export const FEEDBACK_MAX_IN_FLIGHT_DEFAULT = 32;
/**
 * Events accepted for feedback and not yet finished, per isolate. A waiting event is a few
 * hundred bytes, so 10,000 (about 4 deliveries at the 1 MiB body limit of full-size events) is a
 * few MB, well inside a Worker's 128 MB.
 */
export const FEEDBACK_MAX_PENDING_DEFAULT = 10_000;
/** Minimum length of the hook secrets: a short shared secret is guessable. */
export const MIN_SECRET_LENGTH = 16;

export interface HeaderAuthConfig {
  /** Lower-case header name. */
  readonly header: string;
  readonly secret: string;
}

export interface Config {
  readonly okta: {
    /** Origin without a trailing slash. */
    readonly orgUrl: string;
    readonly tokenUrl: string;
    readonly clientId: string;
    readonly privateKeyPem: string;
    readonly keyId: string;
    readonly dpop: boolean;
  };
  readonly eventHookAuth: HeaderAuthConfig;
  readonly telephonyAuth: HeaderAuthConfig;
  readonly twilio: {
    readonly accountSid: string;
    readonly authToken: string;
    readonly serviceSid: string;
    /** Origin without a trailing slash. */
    readonly apiBase: string;
  };
  readonly phoneDefaultRegion: string;
  readonly telephonyDeadlineMs: number;
  readonly feedbackMaxInFlight: number;
  readonly feedbackMaxPending: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Validates every binding at once; the error names the bad bindings, never their values. */
export function readConfig(env: Partial<Record<BindingName, unknown>>): Config {
  const bad: string[] = [];
  const text = (name: BindingName, check: (v: string) => boolean = () => true): string => {
    const value = env[name];
    if (typeof value !== "string" || value.trim() === "" || !check(value)) {
      bad.push(name);
      return "";
    }
    return value;
  };
  const optional = (name: BindingName, fallback: string, check: (v: string) => boolean) =>
    env[name] === undefined || env[name] === "" ? fallback : text(name, check);

  const orgUrl = origin(text("OKTA_ORG_URL", (v) => isOrigin(v) && !/-admin\./i.test(v)));
  const config: Config = {
    okta: {
      orgUrl,
      tokenUrl: `${orgUrl}/oauth2/v1/token`,
      clientId: text("OKTA_CLIENT_ID", (v) => !/\s/.test(v)),
      privateKeyPem: text("OKTA_PRIVATE_KEY", (v) => v.includes("-----BEGIN PRIVATE KEY-----")),
      keyId: text("OKTA_KEY_ID", (v) => !/\s/.test(v)),
      dpop: text("OKTA_DPOP", (v) => /^(true|false)$/i.test(v)).toLowerCase() === "true",
    },
    eventHookAuth: {
      header: text("EVENT_HOOK_AUTH_HEADER", (v) => HEADER_NAME.test(v)).toLowerCase(),
      secret: text("EVENT_HOOK_SECRET", (v) => v.length >= MIN_SECRET_LENGTH),
    },
    telephonyAuth: {
      header: text("TELEPHONY_AUTH_HEADER", (v) => HEADER_NAME.test(v)).toLowerCase(),
      secret: text("TELEPHONY_SECRET", (v) => v.length >= MIN_SECRET_LENGTH),
    },
    twilio: {
      accountSid: text("TWILIO_ACCOUNT_SID", (v) => /^AC[0-9a-f]{32}$/i.test(v)),
      authToken: text("TWILIO_AUTH_TOKEN"),
      serviceSid: text("TWILIO_VERIFY_SERVICE_SID", (v) => /^VA[0-9a-f]{32}$/i.test(v)),
      apiBase: origin(
        optional(
          "TWILIO_API_BASE",
          TWILIO_API_BASE_DEFAULT,
          (v) => isOrigin(v) && (origin(v) === TWILIO_API_BASE_DEFAULT || isLoopback(v)),
        ),
      ),
    },
    phoneDefaultRegion: optional("PHONE_DEFAULT_REGION", "US", (v) => /^[A-Z]{2}$/.test(v)),
    telephonyDeadlineMs: Number(
      optional("TELEPHONY_DEADLINE_MS", String(TELEPHONY_DEADLINE_DEFAULT_MS), (v) =>
        isIntegerIn(v, 200, 2800),
      ),
    ),
    feedbackMaxInFlight: Number(
      optional("FEEDBACK_MAX_IN_FLIGHT", String(FEEDBACK_MAX_IN_FLIGHT_DEFAULT), (v) =>
        isIntegerIn(v, 1, 1000),
      ),
    ),
    feedbackMaxPending: Number(
      optional("FEEDBACK_MAX_PENDING", String(FEEDBACK_MAX_PENDING_DEFAULT), (v) =>
        isIntegerIn(v, 1, 100_000),
      ),
    ),
  };
  if (bad.length > 0) {
    throw new ConfigError(`invalid or missing bindings: ${bad.join(", ")}`, bad);
  }
  return config;
}

function isIntegerIn(value: string, min: number, max: number): boolean {
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max;
}

/** https://host[:port] with no path, query or credentials; plain http only for loopback tests. */
function isOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const bare = url.pathname === "/" && !url.search && !url.hash && !url.username;
  return bare && (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(value)));
}

function isLoopback(value: string): boolean {
  const host = new URL(value).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

function origin(value: string): string {
  return value === "" ? "" : new URL(value).origin;
}
