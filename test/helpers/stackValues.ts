// Test helpers: engine-shaped config for a stack, built from the example stack files so tests
// start from what users start from.

import path from "node:path";
import { readFileSync } from "node:fs";
import { parseStackText, REPO_ROOT } from "../../cli/lib/stackFile";

export type Values = Record<string, string>;

export interface StackValues {
  values: Values;
  secretKeys: Set<string>;
}

/** The example stack's config, with every secret key set to the given test value. */
export function exampleStack(stack: string, secrets: Record<string, string> = {}): StackValues {
  const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const parsed = parseStackText(stack, file, readFileSync(file, "utf8"));
  const values = { ...parsed.values };
  const secretKeys = new Set(parsed.secretKeys);
  for (const [k, v] of Object.entries(secrets)) {
    values[`oktaplane:${k}`] = v;
    secretKeys.add(`oktaplane:${k}`);
  }
  return { values, secretKeys };
}

/** Reads a structured key as an object, lets `edit` change it, writes it back. */
export function editKey(values: Values, key: string, edit: (o: any) => unknown): Values {
  const full = `oktaplane:${key}`;
  const current = values[full] === undefined ? {} : JSON.parse(values[full]!);
  const next = edit(current);
  return { ...values, [full]: JSON.stringify(next === undefined ? current : next) };
}
