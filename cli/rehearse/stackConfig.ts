// The temporary stack's config: the user's stack file with its secrets and provider credentials
// taken out, the providers pointed at the simulators, small Okta backoff waits, and generated
// rehearsal values for the secrets the stack needs. The user's file is only read.

import { randomBytes } from "node:crypto";
import { isMap, isScalar, stringify } from "yaml";
import { resolveRateLimits, type RateLimits } from "../../config/defaults";
import { parseStackConfig, type ParsedConfig } from "../../config/parse";
import { SECRET_KEY_NAMES, missingSecrets, type SecretKey } from "../../config/secrets";
import type { StackFile } from "../lib/stackFile";

/** Provider namespaces whose values in the user's file could be real endpoints or credentials. */
const PROVIDER_NAMESPACES = ["okta:", "cloudflare:", "twilio:"];
/** Top-level stack-file keys tied to the user's own secrets provider. */
const SECRETS_PROVIDER_KEYS = ["encryptionsalt", "secretsprovider", "encryptedkey"];

/**
 * The rehearsal's backoff: the Okta provider waits 30-300 s between retries by default (its
 * retryablehttp client, okta/api/api.go); small waits keep a rehearsal with 429s short.
 * requestTimeout must still outlast maxWaitSeconds (config/defaults.ts).
 */
export const REHEARSAL_BACKOFF = { minWaitSeconds: 1, maxWaitSeconds: 2, requestTimeout: 30 };

export interface RehearsalSecret {
  readonly key: SecretKey;
  readonly value: string;
}

/** Validates the user's config as the program will: a bad one is reported before anything runs. */
export function validateStack(file: StackFile): ParsedConfig {
  return parseStackConfig({ stack: file.stack, values: file.values, secretKeys: file.secretKeys });
}

/**
 * The `oktaplane:` secrets the temporary stack gets (`pulumi config set --secret`): every one the
 * user's stack sets, and every one its config requires; values generated, never the user's.
 */
export function rehearsalSecrets(file: StackFile, parsed: ParsedConfig): RehearsalSecret[] {
  const needed = new Set<SecretKey>([
    ...SECRET_KEY_NAMES.filter((k) => file.secretKeys.has(`oktaplane:${k}`)),
    ...missingSecrets(parsed.config, parsed.secretsPresent, file.stack).map((m) => m.key),
  ]);
  return [...needed].sort().map((key) => ({ key, value: rehearsalSecret(key) }));
}

export interface TemporaryStackFile {
  /** The YAML to write as the temporary stack's file (before `pulumi stack init`). */
  readonly text: string;
  /** The user's throttling and the rehearsal's. */
  readonly rateLimits: { readonly user: RateLimits; readonly rehearsal: RateLimits };
  /** Keys of the user's file that the rehearsal left out (secrets, provider settings). */
  readonly dropped: readonly string[];
}

export interface SimulatorEndpoints {
  readonly oktaUrl: string;
  /** `http://127.0.0.1:P/client/v4/` (PROVIDERS.md: cloudflare:baseUrl). */
  readonly cloudflareBaseUrl: string;
  /** The simulators' clock speed: above 1, the provider's own throttle is turned off. */
  readonly clockScale: number;
}

export function temporaryStackFile(
  file: StackFile,
  parsed: ParsedConfig,
  endpoints: SimulatorEndpoints,
): TemporaryStackFile {
  const doc = file.document.clone();
  for (const key of SECRETS_PROVIDER_KEYS) doc.delete(key);
  const config = doc.get("config", true);
  const dropped: string[] = [];
  if (isMap(config)) {
    for (const pair of [...config.items]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (file.secretKeys.has(key) || PROVIDER_NAMESPACES.some((ns) => key.startsWith(ns))) {
        config.delete(pair.key);
        dropped.push(key);
      }
    }
  }
  const user = resolveRateLimits(parsed.config.environment, parsed.config.okta.rateLimit);
  // Below 100 %, the provider sleeps until a bucket's x-rate-limit-reset by its own real clock
  // (terraform-provider-okta okta/internal/transport/governed_transport.go: reset − time.Now());
  // under a faster simulated clock those resets lie ahead of real time and the sleeps would be
  // far too long. Then the simulator's 429s throttle the rehearsal instead, and the floor still
  // uses the user's share.
  const rehearsal = {
    ...user,
    ...REHEARSAL_BACKOFF,
    ...(endpoints.clockScale > 1 ? { maxApiCapacity: 100 } : {}),
  };
  doc.setIn(["config", "oktaplane:okta", "rateLimit"], doc.createNode(rehearsal));
  // For default okta providers (an explicit one reads OKTA_HTTP_PROXY: see childEnv.ts).
  doc.setIn(["config", "okta:httpProxy"], endpoints.oktaUrl);
  doc.setIn(["config", "cloudflare:baseUrl"], endpoints.cloudflareBaseUrl);
  const header =
    `# Temporary rehearsal stack made by \`npm run rehearse\` from ${file.stack}'s config; ` +
    "deleted when the rehearsal ends.\n";
  return {
    text: header + stringify(doc.toJS()),
    rateLimits: { user, rehearsal },
    dropped: dropped.sort(),
  };
}

/** A fresh value shaped like the real secret, known only to this rehearsal and its simulators. */
export function rehearsalSecret(key: SecretKey): string {
  switch (key) {
    // Okta API tokens are 42 characters starting 00 (Admin Console, Security > API > Tokens).
    case "oktaApiToken":
      return `00${base62(40)}`;
    // Twilio auth tokens are 32 hex characters.
    case "twilioAuthToken":
      return randomBytes(16).toString("hex");
    // Another connector's own secret: no shape is known, so an opaque random value.
    default:
      return randomBytes(24).toString("base64url");
  }
}

function base62(length: number): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  // 248 = 4 × 62: rejecting bytes above it keeps every character equally likely.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    }
  }
  return out;
}
