// Okta's two paging styles: `Link: <…?after=X&limit=N>; rel="next"` headers on plain array lists
// (developer.okta.com/docs/api/#pagination), and `_links.next.href` inside the body for the IAM
// collections (resource sets, their resources, roles).
import { isRecord, type Org } from "./org";
import type { Page } from "./state";

function withAfter(
  org: Org,
  path: string,
  query: URLSearchParams,
  after: string | undefined,
  limit: number,
) {
  const q = new URLSearchParams(query);
  q.delete("after");
  if (after !== undefined) q.set("after", after);
  q.set("limit", String(limit));
  return `${org.orgUrls[0]}${path}?${q.toString()}`;
}

/** The `Link` header values for one page of an array list. */
export function linkHeaders(
  org: Org,
  path: string,
  query: URLSearchParams,
  page: Page<unknown>,
  limit: number,
): { link: string[] } {
  const self = `<${withAfter(org, path, query, query.get("after") ?? undefined, limit)}>; rel="self"`;
  if (page.next === undefined) return { link: [self] };
  return { link: [self, `<${withAfter(org, path, query, page.next, limit)}>; rel="next"`] };
}

/** `_links` for a body-paged IAM collection. */
export function bodyLinks(
  org: Org,
  path: string,
  query: URLSearchParams,
  page: Page<unknown>,
  limit: number,
): Record<string, { href: string }> {
  const links: Record<string, { href: string }> = {
    self: { href: `${org.orgUrls[0]}${path}` },
  };
  if (page.next !== undefined) links.next = { href: withAfter(org, path, query, page.next, limit) };
  return links;
}

/**
 * Okta's `filter` expressions for the few properties a list supports: `a.b eq "v"` terms joined by
 * ` and ` (developer.okta.com/docs/api/#filter). Returns undefined for an expression it cannot
 * read, which the caller answers with E0000031.
 */
export function parseFilter(
  expression: string,
  allowed: readonly string[],
): ((value: Record<string, unknown>) => boolean) | undefined {
  const terms = expression.split(/\s+and\s+/i).map((t) => t.trim());
  const tests: Array<(value: Record<string, unknown>) => boolean> = [];
  for (const term of terms) {
    const m = /^([A-Za-z0-9_.]+)\s+eq\s+(?:"([^"]*)"|(true|false))$/.exec(term);
    if (m === null || !allowed.includes(m[1]!)) return undefined;
    const path = m[1]!.split(".");
    const expected: unknown = m[2] ?? m[3] === "true";
    tests.push((value) => {
      let v: unknown = value;
      for (const k of path) v = isRecord(v) ? v[k] : undefined;
      return v === expected;
    });
  }
  return (value) => tests.every((t) => t(value));
}
