// Reads the program's config namespace from the Pulumi runtime (the engine's config, or the plan's
// mock of it) and validates it; secrets come back as Pulumi secret outputs, never as strings.
// The namespace is the project's name (Pulumi.yaml `name:`), as `new pulumi.Config()` reads it.

import * as pulumi from "@pulumi/pulumi";
import { builtInConnectors, type ConnectorRegistry } from "../components/connectors/registry";
import { ConfigError } from "./errors";
import { parseStackConfig, type ParsedConfig } from "./parse";
import { missingSecrets, type SecretKey } from "./secrets";

/** What to do when a secret the config needs is not set. */
export type MissingSecretMode =
  /** `pulumi up`/`preview`: fail before any resource is registered. */
  | "fail"
  /** Offline plan: declare resources with a placeholder secret and report the gap. */
  | "placeholder";

export interface LoadedConfig extends ParsedConfig {
  readonly stack: string;
  /** Secret values as Pulumi secrets (a `[unset]` placeholder in placeholder mode). */
  readonly secrets: Readonly<Record<SecretKey, pulumi.Output<string>>>;
}

// `isConfigSecret` is exported by the SDK's runtime but marked @internal in its typings.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

export function loadStackConfig(
  mode: MissingSecretMode,
  connectors: ConnectorRegistry = builtInConnectors,
): LoadedConfig {
  const stack = pulumi.getStack();
  const namespace = pulumi.getProject();
  const values = pulumi.runtime.allConfig();
  const secretKeys = new Set(Object.keys(values).filter((k) => runtimeConfig.isConfigSecret(k)));
  const parsed = parseStackConfig({ stack, values, secretKeys, namespace, connectors });

  const missing = missingSecrets(
    parsed.config,
    parsed.secretsPresent,
    stack,
    namespace,
    connectors,
  );
  if (mode === "fail" && missing.length > 0) {
    throw new ConfigError(
      stack,
      missing.map((m) => ({
        key: `${namespace}:${m.key}`,
        message: `required by ${m.requiredBy.join(", ")}; set it with: ${m.command}`,
      })),
    );
  }
  const secrets = Object.fromEntries(
    connectors.secretKeys.map((key) => [
      key,
      pulumi.secret(values[`${namespace}:${key}`] ?? "[unset]"),
    ]),
  ) as Record<SecretKey, pulumi.Output<string>>;
  return { ...parsed, stack, secrets };
}
