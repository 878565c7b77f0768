// Secret config keys: which exist (each connector says which it may need; the registry collects
// them), when a stack needs each, and how a user sets one.

import {
  builtInConnectors,
  type ConnectorRegistry,
  type SecretKeySpec,
} from "../components/connectors/registry";
import { NAMESPACE } from "./project";
import type { StackConfig } from "./schema";
import { SECRET_LOOKING, setSecretCommand } from "./secretCommand";

export { SECRET_LOOKING, setSecretCommand, type SecretKeySpec };

/** A secret config key (`oktaplane:<key>`); which exist depends on the registry. */
export type SecretKey = string;

/** The built-in connectors' secret keys. */
export const SECRET_KEYS: Readonly<Record<string, SecretKeySpec>> = builtInConnectors.secrets;
export const SECRET_KEY_NAMES: SecretKey[] = builtInConnectors.secretKeys;

export function isSecretKeyName(
  key: string,
  registry: ConnectorRegistry = builtInConnectors,
): key is SecretKey {
  return Object.prototype.hasOwnProperty.call(registry.secrets, key);
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
  registry: ConnectorRegistry = builtInConnectors,
): MissingSecret[] {
  return Object.entries(registry.secrets).flatMap(([key, spec]) => {
    const requiredBy = spec.requiredBy(config);
    if (requiredBy.length === 0 || present.has(key)) return [];
    const { description } = spec;
    return [{ key, requiredBy, description, command: setSecretCommand(key, stack, namespace) }];
  });
}
