// Okta's per-minute management rate-limit buckets, for counting adopt's calls and the share of
// the org's budget they use. Limits are the Enterprise column ("most orgs") of
// https://developer.okta.com/docs/reference/rl-global-mgmt/; an org's own limit, when its
// responses carry x-rate-limit-limit, replaces the documented one in the report.

export interface Bucket {
  readonly name: string;
  /** Requests per minute; undefined for the token endpoint (authentication limits). */
  readonly perMinute?: number;
}

export const BUCKETS = {
  /** "/api/v1/apps and all other endpoints of the form /api/v1/apps/*" (grants, keys). */
  apps: { name: "/api/v1/apps", perMinute: 100 },
  /** "Get, update, or delete an app by ID: explicit calls to /api/v1/apps/{id}". */
  appById: { name: "/api/v1/apps/{id}", perMinute: 600 },
  /** "OAuth2 client configuration requests: /oauth2/v1/clients" (client role assignments). */
  clients: { name: "/oauth2/v1/clients", perMinute: 100 },
  /** "Most other API actions: /api/v1" (roles, resource sets, hooks, authenticators, tokens). */
  other: { name: "/api/v1 (most other)", perMinute: 600 },
  token: { name: "/oauth2/v1/token" },
} as const satisfies Record<string, Bucket>;

export function bucketOf(path: string): Bucket {
  if (path.startsWith("/oauth2/v1/token")) return BUCKETS.token;
  if (path.startsWith("/oauth2/v1/clients")) return BUCKETS.clients;
  if (/^\/api\/v1\/apps\/[^/]+$/.test(path)) return BUCKETS.appById;
  if (path === "/api/v1/apps" || path.startsWith("/api/v1/apps/")) return BUCKETS.apps;
  return BUCKETS.other;
}
