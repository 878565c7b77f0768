// Reads stacks/Pulumi.<stack>.yaml the way the Pulumi engine hands config to a program:
// `ns:key` → string (JSON for structured values), plus which keys are secrets. Encrypted values
// are never decrypted here: the plan only needs to know that they are set.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument, type Document } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const STACKS_DIR = path.join(REPO_ROOT, "stacks");

/** Stands in for a secret's value wherever the plan must pass one along. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackFile {
  readonly stack: string;
  readonly file: string;
  readonly document: Document;
  /** Engine-shaped config: values as strings, secure ones replaced by SECRET_PLACEHOLDER. */
  readonly values: Record<string, string>;
  readonly secretKeys: Set<string>;
}

export class StackFileError extends Error {
  readonly code = "STACK_FILE";
}

export function stackFilePath(stack: string, dir = STACKS_DIR): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack))
    throw new StackFileError(
      `--stack must be a stack name (letters, digits, _ . -), got ${JSON.stringify(stack)}`,
    );
  return path.join(dir, `Pulumi.${stack}.yaml`);
}

export async function readStackFile(stack: string, dir = STACKS_DIR): Promise<StackFile> {
  const file = stackFilePath(stack, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new StackFileError(
      `no stack file for stack ${JSON.stringify(stack)}: expected ${path.relative(process.cwd(), file)}`,
    );
  }
  return parseStackText(stack, file, text);
}

export function parseStackText(stack: string, file: string, text: string): StackFile {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new StackFileError(`${file}: not valid YAML: ${document.errors[0]!.message}`);
  const root = (document.toJS() ?? {}) as { config?: Record<string, unknown> };
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(root.config ?? {})) {
    if (isSecure(value)) {
      values[key] = SECRET_PLACEHOLDER;
      secretKeys.add(key);
    } else {
      values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { stack, file, document, values, secretKeys };
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}
