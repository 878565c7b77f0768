// The Okta read operations adopt calls, by Okta's operationId. Their paths and scopes come from
// the operation table generated from Okta's Management API spec (spec/oktaOperations.ts), so the
// scopes adopt asks for are the spec's, never a hand-kept list; test/adopt/readOperations.test.ts
// checks that each is a GET taking read scopes only.

import { operationMatcher, type SpecOperation } from "../../spec/oktaOperations";

/** What adopt reads, in the order it reads it; `oieOnly`: the Authenticators API. */
const READS = {
  listApplications: {},
  listScopeConsentGrants: {},
  listRolesForClient: {},
  listJwk: {},
  listRoles: {},
  listRolePermissions: {},
  listResourceSets: {},
  listResourceSetResources: {},
  listEventHooks: {},
  listInlineHooks: {},
  listAuthenticators: { oieOnly: true },
  listApiTokens: {},
} as const satisfies Record<string, { oieOnly?: boolean }>;

export type ReadOperationId = keyof typeof READS;

export interface ReadOperation extends SpecOperation {
  /** The one scope adopt requests for it: the spec's `.read` scope. */
  readonly scope: string;
  readonly oieOnly: boolean;
}

const spec = operationMatcher();

function readOperation(id: ReadOperationId): ReadOperation {
  const op = spec.byId(id);
  const scope = op.scopes.find((s) => s.endsWith(".read"));
  if (op.method !== "GET" || scope === undefined)
    throw new TypeError(`${id} is not a read in Okta's spec (${op.method} ${op.scopes.join(",")})`);
  return { ...op, scope, oieOnly: "oieOnly" in READS[id] };
}

export const READ_OPERATIONS: Readonly<Record<ReadOperationId, ReadOperation>> = Object.fromEntries(
  (Object.keys(READS) as ReadOperationId[]).map((id) => [id, readOperation(id)]),
) as Record<ReadOperationId, ReadOperation>;

/** Every scope adopt needs for an org of this engine, sorted: read scopes only. */
export function readScopes(engine: "oie" | "classic"): string[] {
  const ops = Object.values(READ_OPERATIONS).filter((o) => engine === "oie" || !o.oieOnly);
  return [...new Set(ops.map((o) => o.scope))].sort();
}

/** A concrete path (`/api/v1/apps/0oa1/grants`) with its parameters filled in. */
export function pathOf(id: ReadOperationId, params: Readonly<Record<string, string>> = {}): string {
  return READ_OPERATIONS[id].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${id}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
