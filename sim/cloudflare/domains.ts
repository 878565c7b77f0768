// Workers Custom Domains, as cloudflare_workers_custom_domain calls them (resource.go: Create is
// workers.DomainService.Update, PUT accounts/{id}/workers/domains; Read/Delete by id). Create
// returns at once; the hostname is served only once its certificate is active (PROVIDERS.md).

import { CF, ok } from "./errors";
import { jsonObject, type RouteDef, type SimContext } from "./router";
import { CustomDomain } from "./state";

const DOMAINS = "/accounts/:account_id/workers/domains";
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** DomainListParams query filters (cloudflare-go workers/domain.go). */
const FILTERS = ["hostname", "service", "zone_id", "zone_name", "environment"] as const;

export function domainRoutes({ state, clock }: SimContext): RouteDef[] {
  return [
    {
      method: "PUT",
      pattern: DOMAINS,
      operation: "attachDomain",
      handle(ctx) {
        const body = jsonObject(ctx);
        if (!body.ok) return body.reply;
        const { hostname, service, zone_id: zoneId, zone_name: zoneName } = body.value;
        if (typeof hostname !== "string" || !HOSTNAME.test(hostname)) {
          return CF.invalid(
            `hostname: required, a lowercase DNS hostname without scheme or path; got ${JSON.stringify(hostname)}`,
          );
        }
        if (typeof service !== "string" || service === "") {
          return CF.invalid(`service: required, the script name; got ${JSON.stringify(service)}`);
        }
        if (!state.scripts.has(service)) return CF.scriptNotFound();
        // zone_id (required by DomainUpdateParams) or zone_name; the hostname must lie in it.
        const zone = state.zones.find((z) =>
          typeof zoneId === "string" ? z.id === zoneId : z.name === zoneName,
        );
        if (zone === undefined || !(hostname === zone.name || hostname.endsWith(`.${zone.name}`))) {
          return CF.zoneNotFound(hostname);
        }
        let domain = [...state.domains.values()].find((d) => d.hostname === hostname);
        if (domain === undefined) {
          domain = new CustomDomain(
            hostname,
            service,
            zone,
            clock.now() + state.certificatePendingMs,
          );
          state.domains.set(domain.id, domain);
        } else {
          // Attaching a hostname again points it at the named Worker (PUT is "attach"; inferred).
          domain.service = service;
        }
        return ok(domain.toResource());
      },
    },
    {
      method: "GET",
      pattern: DOMAINS,
      operation: "listDomains",
      handle(ctx) {
        const all = [...state.domains.values()].map((d) => d.toResource());
        return ok(
          all.filter((d) => FILTERS.every((f) => !ctx.query.has(f) || d[f] === ctx.query.get(f))),
        );
      },
    },
    {
      method: "GET",
      pattern: `${DOMAINS}/:domain_id`,
      operation: "getDomain",
      handle(ctx) {
        const domain = state.domains.get(ctx.params.domain_id!);
        return domain === undefined ? CF.noRoute(ctx.path, 404) : ok(domain.toResource());
      },
    },
    {
      method: "DELETE",
      pattern: `${DOMAINS}/:domain_id`,
      operation: "detachDomain",
      handle(ctx) {
        if (!state.domains.delete(ctx.params.domain_id!)) return CF.noRoute(ctx.path, 404);
        return ok(null);
      },
    },
  ];
}
