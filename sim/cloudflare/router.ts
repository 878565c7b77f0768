// The Cloudflare simulator's route table plumbing: path patterns under /client/v4, the context a
// handler gets, and the JSON body reader every JSON endpoint shares.

import type { SimClock } from "../shared/clock";
import type { IssuedToken } from "./auth";
import { CF, refuse, value, type Reply, type Result } from "./errors";
import type { WorkerRuntime } from "./runtime";
import type { CloudflareState } from "./state";

export interface SimContext {
  readonly state: CloudflareState;
  readonly runtime: WorkerRuntime;
  readonly clock: SimClock;
}

export interface Ctx {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly token: IssuedToken;
  /** The path as requested, under /client/v4 (error messages quote it). */
  readonly path: string;
}

export interface RouteDef {
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
  /** Under /client/v4, with `:param` segments, e.g. `/accounts/:account_id/workers/domains`. */
  readonly pattern: string;
  /** The simulator's operation name (recorded, and what faults name). */
  readonly operation: string;
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

export type Match =
  | { readonly kind: "route"; readonly route: RouteDef; readonly params: Record<string, string> }
  | { readonly kind: "method" }
  | { readonly kind: "none" };

interface Compiled {
  readonly route: RouteDef;
  readonly regex: RegExp;
  readonly keys: readonly string[];
}

export function matcher(routes: readonly RouteDef[]): (method: string, path: string) => Match {
  const compiled: Compiled[] = routes.map((route) => {
    const keys: string[] = [];
    const source = route.pattern
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        keys.push(segment.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { route, regex: new RegExp(`^${source}/?$`), keys };
  });
  return (method, path) => {
    let pathMatched = false;
    for (const { route, regex, keys } of compiled) {
      const m = regex.exec(path);
      if (m === null) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      try {
        keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1]!)));
      } catch {
        // A malformed %-escape names nothing that exists.
        return { kind: "none" };
      }
      return { kind: "route", route, params };
    }
    return pathMatched ? { kind: "method" } : { kind: "none" };
  };
}

/** The request's JSON object body, or Cloudflare's 6007 for anything that is not one. */
export function jsonObject(ctx: Ctx): Result<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body.toString("utf8"));
  } catch {
    return refuse(CF.malformedJson());
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return refuse(CF.invalid("request body: must be a JSON object"));
  }
  return value(parsed as Record<string, unknown>);
}

/** Cloudflare timestamps: RFC 3339 with microseconds, as the API writes them. */
export function cfTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}
