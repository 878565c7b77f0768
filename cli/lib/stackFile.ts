// Reads stacks/Pulumi.<stack>.yaml the way the Pulumi engine hands config to a program:
// `ns:key` → string (JSON for structured values), plus which keys are secrets, with Pulumi.yaml's
// project-level config beneath. Encrypted values are never decrypted here: the plan only needs to
// know that they are set.

import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument, type Document } from "yaml";
import {
  PROJECT_ROOT,
  engineValue,
  parseStackRef,
  readProjectFile,
  type ProjectFile,
  type StackRef,
} from "../../config/project";
import { didYouMean } from "../../config/suggest";

export const REPO_ROOT = PROJECT_ROOT;

function defaultStacksDir(): string {
  try {
    return readProjectFile(REPO_ROOT).stackConfigDir;
  } catch {
    return path.join(REPO_ROOT, "stacks");
  }
}
/** Where Pulumi.yaml's `stackConfigDir` puts the stack files. */
export const STACKS_DIR = defaultStacksDir();

/** Stands in for a secret's value wherever the plan must pass one along. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackFile {
  readonly stack: string;
  readonly file: string;
  readonly document: Document;
  /** Engine-shaped config: values as strings, secure ones replaced by SECRET_PLACEHOLDER. */
  readonly values: Record<string, string>;
  readonly secretKeys: Set<string>;
  /** Pulumi ESC environments the stack imports (`environment:`), in order. */
  readonly environments: string[];
}

/** A stack file that is missing or cannot be parsed: the CLI exits 2. */
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

/** The stacks that have a file in `dir`, sorted. */
export function stackNames(dir = STACKS_DIR): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .map((f) => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export async function readStackFile(stack: string, dir = STACKS_DIR): Promise<StackFile> {
  const file = stackFilePath(stack, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    const known = stackNames(dir);
    throw new StackFileError(
      `no stack file for stack ${JSON.stringify(stack)}: expected ${path.relative(process.cwd(), file)}` +
        `${didYouMean(stack, known)}; stacks here: ${known.join(", ") || "none"}` +
        (known.length === 0 ? "" : ` (a new one: npm run init -- --stack ${stack} --org <org>)`),
    );
  }
  return parseStackText(stack, file, text);
}

export function parseStackText(stack: string, file: string, text: string): StackFile {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0)
    throw new StackFileError(`${file}: not valid YAML: ${document.errors[0]!.message}`);
  const root = (document.toJS() ?? {}) as {
    config?: Record<string, unknown>;
    environment?: unknown;
  };
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(root.config ?? {})) {
    if (isSecure(value)) {
      values[key] = SECRET_PLACEHOLDER;
      secretKeys.add(key);
    } else {
      values[key] = engineValue(value);
    }
  }
  return {
    stack,
    file,
    document,
    values,
    secretKeys,
    environments: environments(root.environment),
  };
}

/**
 * `environment:` is a list of environment names, or an inline environment definition whose
 * `imports:` names them (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/).
 */
function environments(raw: unknown): string[] {
  const list = Array.isArray(raw)
    ? raw
    : raw !== null && typeof raw === "object"
      ? ((raw as { imports?: unknown }).imports ?? [])
      : [];
  return Array.isArray(list) ? list.filter((e): e is string => typeof e === "string") : [];
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

/** A stack as the engine would see it: the project, which stack, its file and merged config. */
export interface LoadedStack extends StackFile {
  readonly project: ProjectFile;
  readonly ref: StackRef;
  /** The stack file's own values (`values` has the project's config beneath them). */
  readonly fileValues: Record<string, string>;
}

/**
 * Resolves `--stack` (short or fully qualified) against Pulumi.yaml and reads the stack file,
 * with project-level config beneath the stack's own values, as the engine merges them.
 */
export async function loadStack(
  given: string,
  options: { readonly stacksDir?: string; readonly root?: string } = {},
): Promise<LoadedStack> {
  const project = readProjectFile(options.root ?? REPO_ROOT);
  const ref = parseStackRef(given, project.name);
  const file = await readStackFile(ref.name, options.stacksDir ?? project.stackConfigDir);
  return {
    ...file,
    values: { ...project.config, ...file.values },
    fileValues: file.values,
    project,
    ref,
  };
}
