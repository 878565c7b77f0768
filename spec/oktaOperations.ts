// Okta's Management API operations (generated from Okta's OpenAPI spec) and a matcher from a
// request's method and path to the operation and the OAuth scope it requires.
import table from "./okta-operations.json";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH";

export interface SpecOperation {
  /** Okta's operationId, e.g. `grantConsentToScope`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template as in the spec, e.g. `/api/v1/apps/{appId}/grants`. */
  readonly path: string;
  /** OAuth 2.0 scopes that authorize the operation (any one of them); empty = none documented. */
  readonly scopes: readonly string[];
  /** Whether an SSWS API token is accepted. */
  readonly ssws: boolean;
  /** Name of the request body's schema in `components/schemas`, when it has one. */
  readonly body?: string;
  readonly tag?: string;
}

export interface OperationTable {
  readonly specVersion: string;
  readonly operations: readonly SpecOperation[];
}

export const oktaOperations = table as OperationTable;

export interface MatchedOperation {
  readonly operation: SpecOperation;
  /** Path parameters by their template names. */
  readonly params: Readonly<Record<string, string>>;
}

interface Node {
  readonly literal: Map<string, Node>;
  param?: { readonly name: string; readonly node: Node };
  readonly ops: Map<HttpMethod, SpecOperation>;
}

const newNode = (): Node => ({ literal: new Map(), ops: new Map() });

/** A segment trie: literal segments win over parameters (`/apps/{id}/lifecycle/activate`). */
function buildTrie(operations: readonly SpecOperation[]): Node {
  const root = newNode();
  for (const op of operations) {
    let node = root;
    for (const seg of op.path.split("/").slice(1)) {
      const param = /^\{(.+)\}$/.exec(seg);
      if (param === null) {
        let next = node.literal.get(seg);
        if (next === undefined) node.literal.set(seg, (next = newNode()));
        node = next;
      } else {
        // Okta's spec names one position differently across operations (`{appId}` vs `{appName}`
        // under a shared prefix); the first name stands for the position, each operation keeps its own.
        node.param ??= { name: param[1]!, node: newNode() };
        node = node.param.node;
      }
    }
    node.ops.set(op.method, op);
  }
  return root;
}

function paramNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function walk(
  node: Node,
  segs: readonly string[],
  i: number,
  method: HttpMethod,
  values: string[],
): SpecOperation | undefined {
  if (i === segs.length) return node.ops.get(method);
  const seg = segs[i]!;
  const lit = node.literal.get(seg);
  if (lit !== undefined) {
    const found = walk(lit, segs, i + 1, method, values);
    if (found !== undefined) return found;
  }
  if (node.param !== undefined && seg !== "") {
    values.push(seg);
    const found = walk(node.param.node, segs, i + 1, method, values);
    if (found !== undefined) return found;
    values.pop();
  }
  return undefined;
}

export function operationMatcher(operations: readonly SpecOperation[] = oktaOperations.operations) {
  const root = buildTrie(operations);
  const byId = new Map(operations.map((op) => [op.id, op]));
  return {
    /** The operation a request is for, or undefined when the spec has none (a gap). */
    match(method: string, pathname: string): MatchedOperation | undefined {
      const segs = pathname.split("/").slice(1).map(decodeURIComponent);
      const values: string[] = [];
      const operation = walk(root, segs, 0, method.toUpperCase() as HttpMethod, values);
      if (operation === undefined) return undefined;
      const names = paramNames(operation.path);
      return { operation, params: Object.fromEntries(names.map((n, k) => [n, values[k]!])) };
    },
    byId(id: string): SpecOperation {
      const op = byId.get(id);
      if (op === undefined) throw new TypeError(`no Okta operation with id ${JSON.stringify(id)}`);
      return op;
    },
  };
}
