// Zone lookups (cloudflare-go zones.ZoneService List/Get: GET /zones?name=…, GET /zones/{id})
// and token verification (GET /user/tokens/verify, fundamentals/api/troubleshooting), the reads a
// rehearsal or `verify` makes before touching a custom domain.

import { CF, ok } from "./errors";
import type { RouteDef, SimContext } from "./router";
import type { Zone } from "./state";

export function zoneRoutes({ state }: SimContext): RouteDef[] {
  const resource = (zone: Zone) => ({
    id: zone.id,
    name: zone.name,
    status: "active",
    paused: false,
    type: "full",
    account: { id: state.accountId, name: "Simulated account" },
    name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
  });
  return [
    {
      method: "GET",
      pattern: "/zones",
      operation: "listZones",
      handle(ctx) {
        const name = ctx.query.get("name");
        const account = ctx.query.get("account.id");
        const matching = state.zones.filter(
          (z) =>
            (name === null || z.name === name) && (account === null || account === state.accountId),
        );
        const perPage = clamp(Number(ctx.query.get("per_page") ?? 20), 5, 50);
        const page = Math.max(1, Math.floor(Number(ctx.query.get("page") ?? 1)) || 1);
        const slice = matching.slice((page - 1) * perPage, page * perPage);
        return ok(slice.map(resource), {
          result_info: {
            page,
            per_page: perPage,
            count: slice.length,
            total_count: matching.length,
            total_pages: Math.ceil(matching.length / perPage),
          },
        });
      },
    },
    {
      method: "GET",
      pattern: "/zones/:zone_id",
      operation: "getZone",
      handle(ctx) {
        const zone = state.zoneById(ctx.params.zone_id!);
        return zone === undefined ? CF.noRoute(ctx.path, 404) : ok(resource(zone));
      },
    },
    {
      // The answer wrangler-action#33 shows verbatim; an invalid token is answered by the server.
      method: "GET",
      pattern: "/user/tokens/verify",
      operation: "verifyToken",
      handle: (ctx) =>
        ok(
          { id: ctx.token.id, status: "active" },
          { messages: [{ code: 10000, message: "This API Token is valid and active" }] },
        ),
    },
  ];
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : min;
}
