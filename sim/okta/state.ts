// The simulated org's objects, kept in Okta's own API shapes (what GET returns), one collection
// per kind; tests and simulated console edits read and change them through OktaSim.state.
import { randomBytes } from "node:crypto";

/** An Okta API object as JSON: the fields the simulator reads are typed in each area's module. */
export type OktaObject = Record<string, unknown> & { id: string };

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Okta ids are 20 characters: a 3-character type prefix (`0oa` app, `who` event hook…) + 17. */
export function oktaId(prefix: string): string {
  const bytes = randomBytes(17);
  let out = prefix;
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The cursor (`after`) of the next page, when there is one. */
  readonly next?: string;
}

/** Objects by id in insertion order, with Okta's cursor paging (`after` = the last id seen). */
export class Collection<T extends { id: string }> {
  readonly #byId = new Map<string, T>();
  #order: string[] | undefined;
  #index: Map<string, number> | undefined;

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): T | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Adds or replaces; a new id goes to the end of the listing order. */
  set(value: T): T {
    if (!this.#byId.has(value.id)) this.#order = this.#index = undefined;
    this.#byId.set(value.id, value);
    return value;
  }

  delete(id: string): boolean {
    const had = this.#byId.delete(id);
    if (had) this.#order = this.#index = undefined;
    return had;
  }

  values(): IterableIterator<T> {
    return this.#byId.values();
  }

  find(predicate: (value: T) => boolean): T | undefined {
    for (const v of this.#byId.values()) if (predicate(v)) return v;
    return undefined;
  }

  clear(): void {
    this.#byId.clear();
    this.#order = this.#index = undefined;
  }

  /**
   * One page after cursor `after` (exclusive), at most `limit` matching items. Without a filter
   * the start is found by index, so paging through 10,000 apps stays linear overall.
   */
  page(after: string | undefined, limit: number, filter?: (value: T) => boolean): Page<T> {
    const order = (this.#order ??= [...this.#byId.keys()]);
    const index = (this.#index ??= new Map(order.map((id, i) => [id, i])));
    let i = after === undefined ? 0 : (index.get(after) ?? -1) + 1;
    // An unknown cursor (a deleted object) starts over nowhere: Okta answers an empty page.
    if (after !== undefined && !index.has(after)) i = order.length;
    const items: T[] = [];
    let last: string | undefined;
    for (; i < order.length && items.length < limit; i++) {
      const value = this.#byId.get(order[i]!)!;
      if (filter === undefined || filter(value)) {
        items.push(value);
        last = value.id;
      }
    }
    // More only if another matching item follows (Okta omits rel="next" on the last page).
    let more = false;
    for (; i < order.length; i++) {
      const value = this.#byId.get(order[i]!)!;
      if (filter === undefined || filter(value)) {
        more = true;
        break;
      }
    }
    return more && last !== undefined ? { items, next: last } : { items };
  }
}

/** A collection per parent id: grants per app, role assignments per client, factors per user. */
export class Children<T extends { id: string }> {
  readonly #byParent = new Map<string, Collection<T>>();

  of(parentId: string): Collection<T> {
    let c = this.#byParent.get(parentId);
    if (c === undefined) this.#byParent.set(parentId, (c = new Collection<T>()));
    return c;
  }

  /** Without creating an empty collection for an unknown parent. */
  peek(parentId: string): Collection<T> | undefined {
    return this.#byParent.get(parentId);
  }

  drop(parentId: string): void {
    this.#byParent.delete(parentId);
  }

  clear(): void {
    this.#byParent.clear();
  }
}

/** What an SSWS token acts with: its admin's roles (PROVIDERS.md, issue 11 "SSWS tokens act with their admin's roles"). */
export interface SswsSecret {
  readonly tokenId: string;
  readonly roles: readonly string[];
}

export class OrgState {
  readonly apps = new Collection<OktaObject>();
  /** Grants by app id (`/api/v1/apps/{appId}/grants`). */
  readonly grants = new Children<OktaObject>();
  /** Admin role assignments by client id (`/oauth2/v1/clients/{clientId}/roles`). */
  readonly clientRoles = new Children<OktaObject>();
  readonly customRoles = new Collection<OktaObject>();
  /** Permissions by custom role id, keyed by permission label (`okta.apps.manage`). */
  readonly rolePermissions = new Children<OktaObject>();
  readonly resourceSets = new Collection<OktaObject>();
  readonly resourceSetResources = new Children<OktaObject>();
  readonly policies = new Collection<OktaObject>();
  /** The access policy each app is assigned to (`PUT /api/v1/apps/{appId}/policies/{policyId}`). */
  readonly appPolicies = new Map<string, string>();
  readonly eventHooks = new Collection<OktaObject>();
  readonly inlineHooks = new Collection<OktaObject>();
  /** Hook auth values, which Okta stores but never returns (`authScheme.value`), by hook id. */
  readonly hookSecrets = new Map<string, string>();
  readonly authenticators = new Collection<OktaObject>();
  readonly apiTokens = new Collection<OktaObject>();
  /** SSWS token values → their token id and roles. SECRET: never logged or recorded. */
  readonly sswsSecrets = new Map<string, SswsSecret>();
  readonly users = new Collection<OktaObject>();
  readonly factors = new Children<OktaObject>();

  /** The app whose `credentials.oauthClient.client_id` is `clientId`. */
  appByClientId(clientId: string): OktaObject | undefined {
    const direct = this.apps.get(clientId);
    if (direct !== undefined && clientIdOf(direct) === clientId) return direct;
    return this.apps.find((a) => clientIdOf(a) === clientId);
  }

  clear(): void {
    for (const value of Object.values(this)) {
      if (value instanceof Collection || value instanceof Children || value instanceof Map) {
        value.clear();
      }
    }
  }
}

export function clientIdOf(app: OktaObject): string | undefined {
  const credentials = app.credentials as { oauthClient?: { client_id?: unknown } } | undefined;
  const id = credentials?.oauthClient?.client_id;
  return typeof id === "string" ? id : undefined;
}
