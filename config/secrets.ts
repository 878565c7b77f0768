// Secret config keys: which exist, when a stack needs each, and how a user sets one.

import { NAMESPACE } from "./project";
import type { StackConfig } from "./schema";

export interface SecretKeySpec {
  readonly description: string;
  /** The config paths that make this secret required, for the given config (empty: not needed). */
  readonly requiredBy: (config: StackConfig) => string[];
}

export const SECRET_KEYS = {
  oktaApiToken: {
    description:
      "An existing Okta API token (SSWS). No API can create one: make it in the Admin Console " +
      "(Security > API > Tokens) as the least-privileged admin that the connector needs.",
    requiredBy: (c) => [
      ...(c.connectors.servicenowSpoke?.auth === "api-key" ? ["connectors.servicenowSpoke"] : []),
      ...(c.connectors.servicenowVoiceAgent ? ["connectors.servicenowVoiceAgent"] : []),
      ...(c.connectors.moveworks?.auth === "api-key" ? ["connectors.moveworks"] : []),
    ],
  },
  twilioAuthToken: {
    description: "The Twilio account's Auth Token, used by the hook receiver to call Verify.",
    requiredBy: (c) => (c.connectors.twilioVerify ? ["connectors.twilioVerify"] : []),
  },
} as const satisfies Record<string, SecretKeySpec>;

export type SecretKey = keyof typeof SECRET_KEYS;
export const SECRET_KEY_NAMES = Object.keys(SECRET_KEYS) as SecretKey[];

export function isSecretKeyName(key: string): key is SecretKey {
  return Object.prototype.hasOwnProperty.call(SECRET_KEYS, key);
}

/** Field names that look like credentials; such a value is never echoed in an error. */
export const SECRET_LOOKING =
  /(token|secret|password|passphrase|private.?key|api.?key|credential)/i;

/** `stack` as the user names it (short or `org/project/stack`); `namespace` is the project. */
export function setSecretCommand(key: SecretKey, stack: string, namespace = NAMESPACE): string {
  return `pulumi config set --secret ${namespace}:${key} --stack ${stack}`;
}

export interface MissingSecret {
  readonly key: SecretKey;
  readonly requiredBy: string[];
  readonly description: string;
  readonly command: string;
}

/** The secrets this config needs that are not set, with the exact command to set each. */
export function missingSecrets(
  config: StackConfig,
  present: ReadonlySet<string>,
  stack: string,
  namespace = NAMESPACE,
): MissingSecret[] {
  return SECRET_KEY_NAMES.flatMap((key) => {
    const requiredBy = SECRET_KEYS[key].requiredBy(config);
    if (requiredBy.length === 0 || present.has(key)) return [];
    const { description } = SECRET_KEYS[key];
    return [{ key, requiredBy, description, command: setSecretCommand(key, stack, namespace) }];
  });
}
