// Writes an adoption into the stack file the way `promote --write` edits one: only the
// `oktaplane:adopt` key (and any other key the run fills in) changes, every other node and comment
// stays, and each import that revokes grants says so in a comment beside it.

import { isMap, isScalar, Scalar, type Document, type YAMLMap } from "yaml";
import { NAMESPACE } from "../../config/parse";
import type { AdoptConfig } from "../../config/schema";
import { applyToDocument, rawConfigOf, stackText } from "../lib/promotion";
import type { ConfigChange } from "./adoption";
import type { Decision } from "./match";

type Obj = Record<string, unknown>;

/** Only the sections that hold something (the schema's defaults stand in for the rest). */
function adoptValue(adopt: AdoptConfig): Obj | undefined {
  const value = Object.fromEntries(
    Object.entries(adopt).filter(([, section]) => Object.keys(section).length > 0),
  );
  return Object.keys(value).length === 0 ? undefined : value;
}

function setPath(target: Obj, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] =
      typeof next === "object" && next !== null && !Array.isArray(next) ? { ...(next as Obj) } : {};
    node = node[key] as Obj;
  }
  node[path[path.length - 1]!] = value;
}

const HEADER =
  " Written by npm run adopt (docs/ADOPT.md). import: remove after the first successful\n" +
  " pulumi up. labels: keep. publishedKeys: remove once the vendor signs with the stack's key.";

/** The stack file's new text with the adoption applied. */
export function adoptedStackText(
  document: Document,
  adopt: AdoptConfig,
  changes: readonly ConfigChange[],
  decisions: readonly Decision[],
): string {
  const doc = document.clone();
  const previous = rawConfigOf(doc);
  const merged: Obj = { ...previous };
  const value = adoptValue(adopt);
  if (value === undefined) delete merged["adopt"];
  else merged["adopt"] = value;
  for (const c of changes) setPath(merged, c.path, c.value);
  applyToDocument(doc, merged, previous);

  const config = doc.get("config", true);
  const node = isMap(config) ? (config.get(`${NAMESPACE}:adopt`, true) as unknown) : undefined;
  if (isMap(config) && isMap(node)) {
    const name = `${NAMESPACE}:adopt`;
    const pair = config.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === name);
    // A key the document did not have yet is a plain string: make it a node that holds comments.
    if (pair !== undefined) {
      const key = isScalar(pair.key) ? pair.key : new Scalar(name);
      key.commentBefore = HEADER;
      pair.key = key;
    }
    annotateImports(node, decisions);
  }
  return stackText(doc);
}

/** A comment above each import whose first up changes what the object holds or points at. */
function annotateImports(adopt: YAMLMap, decisions: readonly Decision[]): void {
  const imports = adopt.get("import", true);
  if (!isMap(imports)) return;
  for (const pair of imports.items) {
    const key = pair.key;
    if (!isScalar(key)) continue;
    const d = decisions.find((x) => x.name === key.value);
    const revokes = d?.notes.filter((n) => n.startsWith("revokes ")) ?? [];
    key.commentBefore =
      revokes.length === 0
        ? undefined
        : ` pulumi up ${revokes.join("; ").replace(/ \(held beyond.*$/, "")}: held beyond the declared capabilities`;
  }
}
