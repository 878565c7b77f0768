// The program side of `npm run adopt` (docs/ADOPT.md): `oktaplane:adopt` becomes resource options.
// `import` goes on exactly the Okta resources it names, so the next `pulumi up` adopts them
// instead of creating new ones; `labels` keeps an adopted custom role's label (a new label would
// replace the role); `publishedKeys` stay in an adopted app's JWKS. A key naming no Okta resource
// of the stack is an error, raised once every resource is declared.

import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, type ConfigProblem } from "../config/errors";
import { keyPath } from "../config/parse";
import type { AdoptConfig } from "../config/types";
import { IMPORT_IDS, isImportable } from "./importIds";
import type { OktaJwk } from "./jwk";

const CUSTOM_ROLE = "okta:index/adminRoleCustom:AdminRoleCustom";
type Section = keyof AdoptConfig;

export class Adoption {
  private readonly used: Record<Section, Set<string>> = {
    import: new Set(),
    labels: new Set(),
    publishedKeys: new Set(),
  };
  /** Logical name → type of every Okta resource declared so far. */
  private readonly declared = new Map<string, string>();
  private readonly problems: ConfigProblem[] = [];
  /** `<type> <id>` → the name that imports it: an object is adopted once. */
  private readonly takenIds = new Map<string, string>();

  constructor(
    private readonly stack: string,
    private readonly config: AdoptConfig,
  ) {}

  /** Whether the stack adopts anything at all (no transformation is needed otherwise). */
  get active(): boolean {
    return Object.values(this.config).some((section) => Object.keys(section).length > 0);
  }

  /**
   * Pass in the `transformations` of every top-level component: it sees each child as it is
   * constructed, before its options are sent to the engine.
   */
  readonly transformation: pulumi.ResourceTransformation = (args) => {
    // Okta custom resources only; components are `oktaplane:*`, providers `pulumi:providers:*`.
    if (!args.type.startsWith("okta:")) return undefined;
    const { name, type } = args;
    const other = this.declared.get(name);
    this.declared.set(name, type);
    const id = this.config.import[name];
    const label = this.config.labels[name];
    if (id === undefined && label === undefined) return undefined;
    if (other !== undefined && other !== type)
      this.problem(["import", name], `is ambiguous: both a ${other} and a ${type} have this name`);

    // Only custom resources get here (the type test above), so their options may carry `import`.
    let opts = args.opts as pulumi.CustomResourceOptions;
    if (id !== undefined) {
      this.used.import.add(name);
      if (!isImportable(type))
        this.problem(
          ["import", name],
          `is of type ${type}, which cannot be imported: ${why(type)}`,
        );
      else if (shapeProblem(type, id) !== undefined)
        this.problem(["import", name], shapeProblem(type, id)!);
      else if (this.takenIds.has(`${type} ${id}`))
        this.problem(
          ["import", name],
          `imports ${id}, which ${this.takenIds.get(`${type} ${id}`)} imports too: one Okta ` +
            "object cannot be two resources of the stack",
        );
      else if (opts.import !== undefined && opts.import !== id)
        this.problem(
          ["import", name],
          `conflicts with the import id ${opts.import} the stack sets itself; remove the entry`,
        );
      else {
        this.takenIds.set(`${type} ${id}`, name);
        opts = { ...opts, import: id };
      }
    }
    let props = args.props;
    if (label !== undefined) {
      this.used.labels.add(name);
      if (type !== CUSTOM_ROLE)
        this.problem(
          ["labels", name],
          `is of type ${type}: labels only keep the label of a custom role (okta.AdminRoleCustom), ` +
            "which the provider replaces on a label change",
        );
      else props = { ...props, label };
    }
    return { props, opts };
  };

  /** The public keys to keep in the JWKS of service app `name` (marks them used). */
  publishedKeysFor(name: string): readonly OktaJwk[] {
    const keys = this.config.publishedKeys[name];
    if (keys === undefined) return [];
    this.used.publishedKeys.add(name);
    return keys;
  }

  /**
   * Throws a ConfigError naming every key that matched nothing, or matched wrongly. Call once
   * every resource is declared: until then a key may still be waiting for its resource.
   */
  check(): void {
    const problems = [...this.problems];
    for (const section of ["import", "labels", "publishedKeys"] as const) {
      for (const name of Object.keys(this.config[section])) {
        if (this.used[section].has(name)) continue;
        problems.push(
          this.problemFor(
            [section, name],
            section === "publishedKeys"
              ? "names no service app of this stack (keys are kept for service apps only)"
              : `names no Okta resource of this stack${this.suggest(name)}`,
          ),
        );
      }
    }
    if (problems.length > 0) throw new ConfigError(this.stack, problems);
  }

  private problem(path: [Section, string], message: string): void {
    this.problems.push(this.problemFor(path, message));
  }

  private problemFor([section, name]: [Section, string], message: string): ConfigProblem {
    return { key: keyPath(["adopt", section, name]), message };
  }

  /** A few declared names that share the key's first word, to catch a renamed resource. */
  private suggest(name: string): string {
    const head = name.split("-")[0]!;
    const close = [...this.declared.keys()].filter((n) => n.split("-")[0] === head).sort();
    return close.length === 0
      ? "; run npm run adopt again after renaming a resource"
      : `; did you mean ${close.slice(0, 6).join(", ")}${close.length > 6 ? ", …" : ""}?`;
  }
}

/** An id of the wrong shape for its resource's importer (components/importIds.ts). */
function shapeProblem(type: string, id: string): string | undefined {
  const pair = IMPORT_IDS[type]?.format === "clientId/roleAssignmentId";
  if (pair === id.includes("/")) return undefined;
  return pair
    ? `a client role assignment is imported as <clientId>/<roleAssignmentId>, got ${id}`
    : `is imported by its Okta id alone (no "/"), got ${id}`;
}

function why(type: string): string {
  const entry = IMPORT_IDS[type];
  return entry === undefined
    ? "it is not an Okta resource npm run adopt knows"
    : (entry.note ?? `the provider has no importer (${entry.source})`);
}
