// Pulumi ESC for the offline plan: a stack file's `environment:` list may supply config and
// secrets that the file itself does not hold. Without their values the plan can only say which
// secrets they may supply; with `--esc-values <file>` (the JSON `esc env open <env>` prints) it
// checks exactly which ones they do. Secret values read from that JSON are dropped at once:
// only the fact that a key is set is kept.

import { readFileSync } from "node:fs";
import { fullKey } from "../../config/project";
import { SECRET_LOOKING, isSecretKeyName } from "../../config/secrets";
import { UsageError } from "./entry";
import { SECRET_PLACEHOLDER } from "./stackFile";

/** One opened environment: its `pulumiConfig` block (https://www.pulumi.com/docs/esc/concepts/outputs/). */
export interface EscValues {
  readonly file: string;
  readonly pulumiConfig: Readonly<Record<string, unknown>>;
}

/** What the plan reports about ESC. */
export interface EscReport {
  /** The stack's `environment:` list. */
  readonly environments: string[];
  /** Whether `--esc-values` gave the opened values (else secrets are "may be supplied"). */
  readonly checked: boolean;
  /** Config keys (of this project) the opened environments supply, sorted; never values. */
  readonly supplied: string[];
}

export function readEscValues(file: string): EscValues {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--esc-values ${file}: cannot read the file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--esc-values ${file}: not JSON; give the output of esc env open <org>/<env> (JSON is its default format)`,
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new UsageError(`--esc-values ${file}: expected a JSON object (an opened environment)`);
  const pulumiConfig = (json as { pulumiConfig?: unknown }).pulumiConfig ?? {};
  if (pulumiConfig === null || typeof pulumiConfig !== "object" || Array.isArray(pulumiConfig))
    throw new UsageError(`--esc-values ${file}: pulumiConfig must be an object of config keys`);
  return { file, pulumiConfig: pulumiConfig as Record<string, unknown> };
}

/**
 * Config with the opened environments beneath the stack file: environments merge in order
 * (later ones win), and the stack file's own values win over all of them
 * (https://www.pulumi.com/docs/esc/guides/pulumi-iac/). Only this project's keys are taken;
 * a secret key, or any key whose name looks like a credential, keeps only a placeholder.
 */
export function withEscValues(
  stack: { readonly values: Record<string, string>; readonly secretKeys: ReadonlySet<string> },
  fileValues: Readonly<Record<string, string>>,
  project: string,
  opened: readonly EscValues[],
): { values: Record<string, string>; secretKeys: Set<string>; supplied: string[] } {
  const fromEsc: Record<string, string> = {};
  const secret = new Set<string>();
  for (const env of opened) {
    for (const [key, value] of Object.entries(env.pulumiConfig)) {
      const full = fullKey(key, project);
      if (!full.startsWith(`${project}:`) || value === null || value === undefined) continue;
      const name = full.slice(project.length + 1);
      if (isSecretKeyName(name) || SECRET_LOOKING.test(name)) {
        fromEsc[full] = SECRET_PLACEHOLDER;
        secret.add(full);
      } else {
        fromEsc[full] = typeof value === "string" ? value : JSON.stringify(value);
      }
    }
  }
  const values = { ...stack.values };
  const secretKeys = new Set(stack.secretKeys);
  for (const [key, value] of Object.entries(fromEsc)) {
    if (key in fileValues) continue;
    values[key] = value;
    if (secret.has(key)) secretKeys.add(key);
    else secretKeys.delete(key);
  }
  return { values, secretKeys, supplied: Object.keys(fromEsc).sort() };
}
