// Pure parsing of the `oktaplane:` config namespace into a validated StackConfig, collecting
// every problem (key path, offending value unless secret, what is allowed) before anything runs.

import { z } from "zod";
import { builtInConnectors, type ConnectorRegistry } from "../components/connectors/registry";
import { ConfigError, type ConfigProblem } from "./errors";
import { CONFIG_KEYS, type StackConfig } from "./schema";
import { SECRET_LOOKING, isSecretKeyName, type SecretKey } from "./secrets";
import { NAMESPACE } from "./project";
import { didYouMean } from "./suggest";

export { NAMESPACE };

/** Config as the Pulumi engine hands it to a program: `oktaplane:key` → string (JSON for objects). */
export interface RawConfig {
  readonly stack: string;
  readonly values: Readonly<Record<string, string>>;
  /** Full keys (`oktaplane:key`) whose values were set with `--secret`. */
  readonly secretKeys: ReadonlySet<string>;
  /** The project name, which namespaces its config keys. @default NAMESPACE */
  readonly namespace?: string;
  /** The connectors whose blocks and secrets the config may hold. @default the built-in ones */
  readonly connectors?: ConnectorRegistry;
}

export interface ParsedConfig {
  readonly config: StackConfig;
  /** Secret keys that are set (values stay with the caller, as Pulumi secrets). */
  readonly secretsPresent: ReadonlySet<SecretKey>;
}

const STRING_KEYS = new Set<string>(["environment"]);

export function parseStackConfig(raw: RawConfig): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const structured: Record<string, unknown> = {};
  const secretsPresent = new Set<SecretKey>();
  const namespace = raw.namespace ?? NAMESPACE;
  const registry = raw.connectors ?? builtInConnectors;
  const schema = registry.stackSchema;
  const known = [...CONFIG_KEYS, ...registry.secretKeys];
  const allowed = known.join(", ");

  for (const [fullKey, text] of Object.entries(raw.values)) {
    const [ns, key] = splitKey(fullKey);
    if (ns !== namespace) continue;
    if (isSecretKeyName(key, registry)) {
      if (!raw.secretKeys.has(fullKey)) {
        problems.push({
          key: fullKey,
          message:
            `is a secret but is stored in plain text: remove it (pulumi config rm ${fullKey}) ` +
            `and set it with pulumi config set --secret ${fullKey}`,
        });
      } else if (text.length > 0) {
        secretsPresent.add(key);
      }
      continue;
    }
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      problems.push({
        key: fullKey,
        message: `unknown key${didYouMean(key, known)}; allowed keys: ${allowed}`,
      });
      continue;
    }
    if (STRING_KEYS.has(key)) {
      structured[key] = text;
      continue;
    }
    try {
      structured[key] = JSON.parse(text);
    } catch {
      problems.push({ key: fullKey, message: "must be a YAML mapping", value: render(text) });
    }
  }

  const result = schema.safeParse(structured, { reportInput: true });
  if (!result.success)
    problems.push(
      ...result.error.issues.flatMap((issue) => toProblems(issue, namespace, schema, registry)),
    );
  if (problems.length > 0 || !result.success)
    throw new ConfigError(raw.stack, sortProblems(problems));
  return { config: result.data, secretsPresent };
}

function splitKey(fullKey: string): [string, string] {
  const i = fullKey.indexOf(":");
  return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

function toProblems(
  issue: z.core.$ZodIssue,
  namespace: string,
  schema: z.core.$ZodType,
  registry: ConnectorRegistry,
): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const key = keyPath([...path, k], namespace);
      const allowed = allowedKeysAt(schema, path);
      const secretHint = SECRET_LOOKING.test(k)
        ? ` Secrets are never structured config: set them with pulumi config set --secret (keys: ${registry.secretKeys.map((s) => `${namespace}:${s}`).join(", ")}).`
        : "";
      return {
        key,
        message: `unknown key${didYouMean(k, allowed)}; allowed keys: ${allowed.join(", ")}.${secretHint}`,
      };
    });
  }
  const key = keyPath(path, namespace);
  const message =
    issue.code === "invalid_type" && issue.input === undefined
      ? "is required"
      : issue.code === "invalid_key"
        ? `name ${issue.issues[0]?.message ?? "is not allowed"}`
        : issue.message;
  const hideValue = path.some((p) => typeof p === "string" && SECRET_LOOKING.test(p));
  const value = hideValue || issue.input === undefined ? undefined : render(issue.input);
  return [value === undefined ? { key, message } : { key, message, value }];
}

/** `oktaplane:serviceApps.app.capabilities[0]` from a schema path. */
export function keyPath(path: readonly (string | number)[], namespace = NAMESPACE): string {
  if (path.length === 0) return `${namespace}:`;
  const [head, ...rest] = path;
  return (
    `${namespace}:${String(head)}` +
    rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")
  );
}

function render(value: unknown): string {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? "undefined");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.key.localeCompare(b.key));
}

/** The keys an object schema accepts at a config path, for "unknown key" messages. */
function allowedKeysAt(schema: z.core.$ZodType, path: readonly (string | number)[]): string[] {
  let node: z.core.$ZodType = schema;
  for (const seg of path) {
    node = unwrap(node);
    const def = node._zod.def as z.core.$ZodTypeDef & {
      shape?: Record<string, z.core.$ZodType>;
      valueType?: z.core.$ZodType;
    };
    if (def.type === "object" && def.shape && typeof seg === "string" && seg in def.shape) {
      node = def.shape[seg]!;
    } else if (def.type === "record" && def.valueType) {
      node = def.valueType;
    } else {
      return [];
    }
  }
  const def = unwrap(node)._zod.def as { shape?: Record<string, unknown> };
  return def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: z.core.$ZodType): z.core.$ZodType {
  let current = node;
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & {
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
    };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}
