// The pure parts of `promote`: merge a source stack's promotable config into a target's (never an
// env-specific value), apply the result to the target's YAML document in place (comments and
// layout survive), and diff two plans' resources.

import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, visit, type Document, type Node, type YAMLMap } from "yaml";
import { NAMESPACE } from "../../config/parse";
import type { ConnectorRegistry } from "../../components/connectors/registry";
import { isSecretKeyName } from "../../config/secrets";
import type { ResourceRecord } from "./evaluate";
import { formatPath, isEnvSpecific, type PathPattern } from "./envSpecific";
import type { PlanValue } from "./planValue";

/** Structured config below `oktaplane:`, as written in a stack file (no defaults applied). */
export type RawConfig = Record<string, unknown>;

export interface ConfigChange {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly from?: unknown;
  readonly to?: unknown;
}

/** An env-specific value that differs between the stacks and stays as the target has it. */
export interface KeptValue {
  readonly path: string;
  readonly source?: unknown;
  readonly target?: unknown;
}

export interface ConfigPromotion {
  /** The target's structured config after promotion. */
  readonly merged: RawConfig;
  /** What changes in the target, leaf by leaf. */
  readonly changes: ConfigChange[];
  readonly kept: KeptValue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The structured, non-secret keys of the project's namespace in a stack document, stripped. */
export function rawConfigOf(
  document: Document,
  namespace = NAMESPACE,
  connectors?: ConnectorRegistry,
): RawConfig {
  const root = (document.toJS() ?? {}) as { config?: Obj };
  const out: RawConfig = {};
  for (const [fullKey, value] of Object.entries(root.config ?? {})) {
    if (!fullKey.startsWith(`${namespace}:`)) continue;
    const key = fullKey.slice(namespace.length + 1);
    if (!isSecretKeyName(key, connectors)) out[key] = value;
  }
  return out;
}

/**
 * Promotion makes the target's promotable config equal to the source's: values are copied, keys
 * the source lacks are removed, env-specific paths keep the target's value (or its absence).
 */
export function promoteConfig(
  source: RawConfig,
  target: RawConfig,
  patterns: readonly PathPattern[],
): ConfigPromotion {
  const kept: KeptValue[] = [];
  const merge = (src: unknown, tgt: unknown, path: string[]): unknown => {
    if (isEnvSpecific(path, patterns)) {
      if (!isDeepStrictEqual(src, tgt))
        kept.push({ path: formatPath(path), source: src, target: tgt });
      return tgt;
    }
    if (src === undefined) return undefined;
    if (!isObj(src)) return src;
    const t = isObj(tgt) ? tgt : {};
    const out: Obj = {};
    // Target's keys first, so a rewritten file keeps its order.
    for (const k of new Set([...Object.keys(t), ...Object.keys(src)])) {
      const v = merge(src[k], t[k], [...path, k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const merged = (merge(source, target, []) ?? {}) as RawConfig;
  return { merged, changes: diffConfig(target, merged), kept };
}

/** Leaf-level differences from `before` to `after`; lists and scalars compare whole. */
export function diffConfig(before: unknown, after: unknown, path: string[] = []): ConfigChange[] {
  if (isObj(before) && isObj(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((k) =>
      diffConfig(before[k], after[k], [...path, k]),
    );
  }
  if (isDeepStrictEqual(before, after)) return [];
  const p = formatPath(path);
  if (before === undefined) return [{ path: p, kind: "added", to: after }];
  if (after === undefined) return [{ path: p, kind: "removed", from: before }];
  return [{ path: p, kind: "changed", from: before, to: after }];
}

// ---- applying to the target document --------------------------------------------------------

function keyOf(item: { key: unknown }): string {
  return isScalar(item.key) ? String(item.key.value) : String(item.key);
}

/** Sets `key` in `parent` to `value`, touching only the nodes that change. */
function update(doc: Document, parent: YAMLMap, key: string, value: unknown): void {
  const existing = parent.get(key, true) as unknown;
  if (value === undefined) {
    parent.delete(key);
    return;
  }
  if (isMap(existing) && isObj(value)) {
    for (const item of [...existing.items]) {
      const k = keyOf(item);
      if (!(k in value)) existing.delete(k);
    }
    for (const [k, v] of Object.entries(value)) update(doc, existing, k, v);
    return;
  }
  if (isScalar(existing) && (value === null || typeof value !== "object")) {
    if (existing.value !== value) existing.value = value;
    return;
  }
  if (
    existing !== undefined &&
    isDeepStrictEqual((existing as { toJSON(): unknown }).toJSON(), value)
  )
    return;
  const node = doc.createNode(value) as Node;
  flowShortLists(node);
  if (isSeq(node) && isSeq(existing)) node.flow = existing.flow ?? false;
  if (isSeq(existing) || isMap(existing) || isScalar(existing)) node.comment = existing.comment;
  parent.set(key, node);
}

/** Lists of scalars are written `[a, b]`, as the stack files write them. */
function flowShortLists(node: Node): void {
  visit(node, {
    Seq(_, seq) {
      if (seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
  });
}

/**
 * Writes the merged config into the target document: only the project namespace's structured keys are
 * touched; secrets, other namespaces and every comment on an unchanged node stay as they are.
 */
export function applyToDocument(
  doc: Document,
  merged: RawConfig,
  previous: RawConfig,
  namespace = NAMESPACE,
): void {
  let config = doc.get("config", true) as unknown;
  if (!isMap(config)) {
    doc.set("config", doc.createNode({}));
    config = doc.get("config", true);
  }
  const map = config as YAMLMap;
  for (const key of new Set([...Object.keys(previous), ...Object.keys(merged)])) {
    update(doc, map, `${namespace}:${key}`, merged[key]);
  }
}

/** The YAML text of a stack document, in the layout the stack files use. */
export function stackText(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false });
}

// ---- resources ------------------------------------------------------------------------------

export interface ResourceSummary {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

export interface InputChange {
  readonly key: string;
  readonly from: PlanValue | undefined;
  readonly to: PlanValue | undefined;
}

export interface ResourceChange extends ResourceSummary {
  readonly changes: InputChange[];
}

export interface ResourceDiff {
  readonly added: ResourceSummary[];
  readonly removed: ResourceSummary[];
  readonly changed: ResourceChange[];
}

const summary = (r: ResourceRecord): ResourceSummary => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
});

/**
 * Resources of one stack's plan before and after, matched by URN (logical name, type and parent
 * chain). Secrets are "[secret]" on both sides, so a secret's value is never compared.
 */
export function diffResources(
  before: readonly ResourceRecord[],
  after: readonly ResourceRecord[],
): ResourceDiff {
  const old = new Map(before.map((r) => [r.urn, r]));
  const now = new Map(after.map((r) => [r.urn, r]));
  const byUrn = (a: ResourceSummary, b: ResourceSummary) => a.urn.localeCompare(b.urn);
  const changed: ResourceChange[] = [];
  for (const [urn, r] of now) {
    const prev = old.get(urn);
    if (prev === undefined) continue;
    const fields = (x: ResourceRecord): Record<string, PlanValue> => ({
      ...x.inputs,
      "(protect)": x.protect,
      "(retainOnDelete)": x.retainOnDelete,
    });
    const [a, b] = [fields(prev), fields(r)];
    const changes = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => !isDeepStrictEqual(a[k], b[k]))
      .sort()
      .map((key) => ({ key, from: a[key], to: b[key] }));
    if (changes.length > 0) changed.push({ ...summary(r), changes });
  }
  return {
    added: after
      .filter((r) => !old.has(r.urn))
      .map(summary)
      .sort(byUrn),
    removed: before
      .filter((r) => !now.has(r.urn))
      .map(summary)
      .sort(byUrn),
    changed: changed.sort(byUrn),
  };
}
