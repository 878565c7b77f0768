// The same adoption as a `pulumi import --file` file, for users who import with the CLI instead
// of the `import` option. Shape: pulumi/pulumi pkg/cmd/pulumi/operations/import.go (importSpec,
// importFile): `name` identifies an entry within the file, `logicalName` is the resource's
// Pulumi name, `parent`/`provider` refer to other entries or to the name table, and components
// are listed with `component: true` so the imported resources land where the program puts them.

import type { ResourceRecord } from "../lib/evaluate";
import { SECRET, UNKNOWN } from "../lib/planValue";

export interface ImportSpec {
  readonly type: string;
  readonly name: string;
  readonly logicalName?: string;
  readonly id?: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly component?: boolean;
}

export interface ImportFile {
  readonly nameTable: Readonly<Record<string, string>>;
  readonly resources: readonly ImportSpec[];
  /** Non-secret inputs of the stack's Okta provider, so the CLI can create it if it is not in state. */
  readonly providerInputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const PROVIDER = "okta";

/** The import file for `imports` (logical name → import id) over the plan's resources. */
export function importFile(
  resources: readonly ResourceRecord[],
  imports: Readonly<Record<string, string>>,
): ImportFile {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const provider = resources.find((r) => r.type === "pulumi:providers:okta");
  const imported = resources.filter(
    (r) => r.custom && r.type.startsWith("okta:") && imports[r.name] !== undefined,
  );
  const names = new Map<string, string>(imported.map((r) => [r.urn, r.name]));
  // Entry names are unique in a file; a component and its app often share a logical name, and
  // the imported resource keeps the plain one (the name `pulumi import` prints its code under).
  const taken = new Set<string>([PROVIDER, ...imported.map((r) => r.name)]);
  const entries: ImportSpec[] = [];
  const added = new Set<string>();

  const entryName = (r: ResourceRecord): string => {
    const known = names.get(r.urn);
    if (known !== undefined) return known;
    let name = r.name;
    if (taken.has(name)) name = `${r.name}-${r.type.split(":").pop()}`;
    for (let i = 2; taken.has(name); i++) name = `${r.name}-${i}`;
    taken.add(name);
    names.set(r.urn, name);
    return name;
  };
  const add = (r: ResourceRecord, id?: string): string => {
    if (added.has(r.urn)) return names.get(r.urn)!;
    added.add(r.urn);
    const parent = r.parent === null ? undefined : byUrn.get(r.parent);
    const parentName = parent === undefined ? undefined : add(parent);
    const name = entryName(r);
    entries.push({
      type: r.type,
      name,
      ...(name === r.name ? {} : { logicalName: r.name }),
      ...(r.custom ? { id: id ?? "", provider: PROVIDER } : { component: true }),
      ...(parentName === undefined ? {} : { parent: parentName }),
    });
    return name;
  };
  for (const r of imported) add(r, imports[r.name]);
  return {
    nameTable: provider === undefined ? {} : { [PROVIDER]: provider.urn },
    resources: entries,
    ...(provider === undefined
      ? {}
      : { providerInputs: { [PROVIDER]: plainInputs(provider.inputs) } }),
  };
}

/** Inputs without the plan's markers: a secret (there is none today) is never written out. */
function plainInputs(inputs: ResourceRecord["inputs"]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).filter(([, v]) => v !== SECRET && v !== UNKNOWN && v !== null),
  );
}
