// A tiny stand-in for the list endpoints adopt reads, on 127.0.0.1, serving a RawOrg with an SSWS
// token: Okta's cursor paging (`Link: <…?after=…>; rel="next"` on /api/v1/apps, `_links.next` in
// IAM bodies), and switches for a missing scope (403 E0000006) and a 429 (E0000047 with
// x-rate-limit-reset). Errors are Okta's documented bodies (test/fixtures/okta). It stands in
// until the Okta simulator (sim/okta) serves these areas; it proves nothing about tokens or DPoP.

import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { operationMatcher } from "../../../spec/oktaOperations";
import type { Raw, RawOrg } from "./orgs";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/okta", name), "utf8")) as object;

export interface LoopbackOrg {
  readonly url: string;
  /** Every request, as `METHOD path?query`. */
  readonly requests: string[];
  /** Operations (by operationId) answered 403: the token "lacks" their scope. */
  readonly forbidden: Set<string>;
  /** Answer the next `count` requests to paths starting with `prefix` with 429. */
  rateLimit(prefix: string, count: number, resetEpochSeconds: number): void;
  close(): Promise<void>;
}

const IAM_PAGE = 2;

export async function startLoopbackOrg(org: RawOrg, apiToken: string): Promise<LoopbackOrg> {
  const spec = operationMatcher();
  const requests: string[] = [];
  const forbidden = new Set<string>();
  let limit = { prefix: "", count: 0, reset: 0 };
  let base = "";

  const send = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  /** Okta's cursor paging over `items`: `after` is the last id of the previous page. */
  const page = (items: Raw[], url: URL, size: number) => {
    const after = url.searchParams.get("after");
    const start = after === null ? 0 : items.findIndex((i) => i["id"] === after) + 1;
    const slice = items.slice(start, start + size);
    const more = start + size < items.length;
    const next = new URL(url.pathname, "https://dev-31415926.oktapreview.com");
    next.searchParams.set("after", String(slice[slice.length - 1]?.["id"] ?? ""));
    if (url.searchParams.has("limit")) next.searchParams.set("limit", String(size));
    return { slice, next: more ? next.toString() : undefined };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (limit.count > 0 && url.pathname.startsWith(limit.prefix)) {
      limit.count--;
      return send(res, 429, fixture("okta-api-error-E0000047-rate-limit.json"), {
        "x-rate-limit-limit": "100",
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": String(limit.reset),
      });
    }
    if (req.headers.authorization !== `SSWS ${apiToken}`)
      return send(res, 401, fixture("okta-api-error-E0000011-invalid-token.json"));
    const matched = spec.match(req.method ?? "GET", url.pathname);
    if (matched === undefined || req.method !== "GET")
      return send(res, 404, fixture("okta-api-error-E0000007-not-found.json"));
    const { operation, params } = matched;
    if (forbidden.has(operation.id))
      return send(res, 403, fixture("okta-api-error-E0000006-access-denied.json"));
    const p = Object.values(params)[0] ?? "";
    switch (operation.id) {
      case "listApplications": {
        const size = Math.min(Number(url.searchParams.get("limit") ?? "20"), 200);
        const { slice, next } = page(org.apps, url, size);
        return send(res, 200, slice, next ? { link: `<${next}>; rel="next"` } : {});
      }
      case "listScopeConsentGrants":
        return org.apps.some((a) => a["id"] === p)
          ? send(res, 200, org.grants[p] ?? [])
          : send(res, 404, fixture("okta-api-error-E0000007-not-found.json"));
      case "listRolesForClient":
        return send(res, 200, org.clientRoles[p] ?? []);
      case "listJwk":
        return send(res, 200, org.appKeys[p] ?? []);
      case "listRoles": {
        const { slice, next } = page(
          org.customRoles.map((r) => r.role),
          url,
          IAM_PAGE,
        );
        return send(res, 200, { roles: slice, _links: next ? { next: { href: next } } : {} });
      }
      case "listRolePermissions":
        return send(res, 200, {
          permissions: org.customRoles.find((r) => r.role["id"] === p)?.permissions ?? [],
        });
      case "listResourceSets": {
        const { slice, next } = page(
          org.resourceSets.map((s) => s.set),
          url,
          IAM_PAGE,
        );
        return send(res, 200, {
          "resource-sets": slice,
          _links: next ? { next: { href: next } } : {},
        });
      }
      case "listResourceSetResources": {
        const all = org.resourceSets.find((s) => s.set["id"] === p)?.resources ?? [];
        const { slice, next } = page(all, url, IAM_PAGE);
        return send(res, 200, { resources: slice, _links: next ? { next: { href: next } } : {} });
      }
      case "listEventHooks":
        return send(res, 200, org.eventHooks);
      case "listInlineHooks":
        return send(res, 200, org.inlineHooks);
      case "listAuthenticators":
        return send(res, 200, org.authenticators);
      case "listApiTokens":
        return send(res, 200, org.apiTokens);
      default:
        return send(res, 404, fixture("okta-api-error-E0000007-not-found.json"));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    forbidden,
    rateLimit(prefix, count, reset) {
      limit = { prefix, count, reset };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
