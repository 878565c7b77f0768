// The Pulumi project as the CLI reads it: name (which is also the config namespace), where the
// stack files live, project-level `config:` defaults from Pulumi.yaml, and stack references in
// every form Pulumi accepts (`stack`, `org/stack`, `org/project/stack`).

import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { didYouMean } from "./suggest";

/**
 * The config namespace of the example project (Pulumi.yaml `name: oktaplane`). Pulumi names a
 * program's own config after its project: code that knows the project passes its name instead.
 */
export const NAMESPACE = "oktaplane";

/** The repository root: the directory that holds Pulumi.yaml. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Pulumi.yaml or a stack reference that cannot be used; the CLI exits 2 with the message. */
export class ProjectError extends Error {
  readonly code = "PROJECT";
}

export interface ProjectFile {
  readonly root: string;
  /** `name:`; Pulumi uses it as the namespace of the program's own config keys. */
  readonly name: string;
  /** Absolute directory of the stack files (`stackConfigDir:`, else the root). */
  readonly stackConfigDir: string;
  /** `main:` relative to the root, when set (else package.json's main is the entry). */
  readonly main?: string;
  /** Project-level config, engine-shaped (`ns:key` → string); stack values override it. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys Pulumi.yaml declares `secret: true`: a stack must set them with --secret. */
  readonly secretKeys: ReadonlySet<string>;
}

// Pulumi accepts letters, digits, hyphens, underscores and periods in project and stack names
// (https://www.pulumi.com/docs/iac/concepts/projects/project-file/ and .../concepts/stack/).
const NAME = /^[A-Za-z0-9_.-]+$/;

/** A config key in Pulumi.yaml without a namespace belongs to the project. */
export function fullKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The engine's string form of a config value: strings as they are, the rest as JSON. */
export function engineValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Project-level config the way Pulumi reads it (sdk/go/common/workspace/project.go,
 * RewriteShorthandConfigValues): a plain value or a list is shorthand, a default for the
 * project's own keys and a value for other namespaces; a mapping is a declaration whose
 * `value` or `default` is the value (`type`, `description`, `items` only describe it).
 */
function projectConfig(raw: unknown, project: string, file: string) {
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  if (raw === undefined || raw === null) return { config, secretKeys };
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new ProjectError(`${file}: config: must be a mapping of config keys`);
  for (const [key, declared] of Object.entries(raw as Record<string, unknown>)) {
    const full = fullKey(key, project);
    let value: unknown = declared;
    if (declared !== null && typeof declared === "object" && !Array.isArray(declared)) {
      const d = declared as { value?: unknown; default?: unknown; secret?: unknown };
      if (d.value !== undefined && d.default !== undefined)
        throw new ProjectError(`${file}: config.${key}: has both value and default; keep one`);
      if (d.secret === true) secretKeys.add(full);
      value = d.value ?? d.default;
    }
    if (value !== undefined && value !== null) config[full] = engineValue(value);
  }
  return { config, secretKeys };
}

export function parseProjectText(text: string, file: string, root: string): ProjectFile {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new ProjectError(`${file}: not valid YAML: ${document.errors[0]!.message}`);
  const js = (document.toJS() ?? {}) as Record<string, unknown>;
  const name = js["name"];
  if (typeof name !== "string" || !NAME.test(name))
    throw new ProjectError(
      `${file}: name: must be the project name (letters, digits, _ . -), got ${JSON.stringify(name)}`,
    );
  const dir = js["stackConfigDir"];
  if (dir !== undefined && typeof dir !== "string")
    throw new ProjectError(`${file}: stackConfigDir: must be a directory path`);
  const main = js["main"];
  const { config, secretKeys } = projectConfig(js["config"], name, file);
  return {
    root,
    name,
    stackConfigDir: path.resolve(root, dir ?? "."),
    ...(typeof main === "string" ? { main } : {}),
    config,
    secretKeys,
  };
}

const cache = new Map<string, ProjectFile>();

/** Pulumi.yaml (or Pulumi.yml) of a project root; read once per process. */
export function readProjectFile(root: string = PROJECT_ROOT): ProjectFile {
  const cached = cache.get(root);
  if (cached) return cached;
  for (const base of ["Pulumi.yaml", "Pulumi.yml"]) {
    const file = path.join(root, base);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const project = parseProjectText(text, file, root);
    cache.set(root, project);
    return project;
  }
  throw new ProjectError(`no Pulumi.yaml in ${root}`);
}

export interface StackRef {
  /** The stack's own name: its file is Pulumi.<name>.yaml. */
  readonly name: string;
  readonly organization?: string;
  /** What the user typed, for `pulumi … --stack` (Pulumi accepts it as given). */
  readonly given: string;
}

/**
 * `dev`, `acme/dev` or `acme/oktaplane/dev`, as `pulumi --stack` takes them. A project part must
 * be this project: a stack of another project has no file here.
 */
export function parseStackRef(given: string, project: string): StackRef {
  const parts = given.split("/");
  const [organization, projectPart, name] =
    parts.length === 1
      ? [undefined, undefined, parts[0]!]
      : parts.length === 2
        ? [parts[0], undefined, parts[1]!]
        : parts.length === 3
          ? [parts[0], parts[1], parts[2]!]
          : [undefined, undefined, ""];
  if (parts.length > 3 || parts.some((p) => !NAME.test(p)))
    throw new ProjectError(
      `--stack must be a stack name or <org>/<stack> or <org>/<project>/<stack> ` +
        `(letters, digits, _ . -), got ${JSON.stringify(given)}`,
    );
  if (projectPart !== undefined && projectPart !== project)
    throw new ProjectError(
      `--stack ${given} names project ${JSON.stringify(projectPart)}, but Pulumi.yaml is project ` +
        `${JSON.stringify(project)}${didYouMean(projectPart, [project])}`,
    );
  return { name, given, ...(organization === undefined ? {} : { organization }) };
}
