// workers.dev: the account's subdomain (cloudflare-go workers.SubdomainService, GET/PUT
// accounts/{id}/workers/subdomain) and each script's switch, as cloudflare_workers_script_subdomain
// calls it (resource.go: Create and Update both POST …/scripts/{name}/subdomain).

import { CF, ok } from "./errors";
import { jsonObject, type RouteDef, type SimContext } from "./router";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function subdomainRoutes({ state }: SimContext): RouteDef[] {
  const setting = (name: string) => {
    const s = state.scripts.get(name)?.workersDev;
    return { enabled: s?.enabled ?? false, previews_enabled: s?.previewsEnabled ?? false };
  };
  return [
    {
      method: "GET",
      pattern: "/accounts/:account_id/workers/subdomain",
      operation: "getAccountSubdomain",
      handle: () =>
        state.accountSubdomain === undefined
          ? CF.noAccountSubdomain()
          : ok({ subdomain: state.accountSubdomain }),
    },
    {
      method: "PUT",
      pattern: "/accounts/:account_id/workers/subdomain",
      operation: "putAccountSubdomain",
      handle(ctx) {
        const body = jsonObject(ctx);
        if (!body.ok) return body.reply;
        const subdomain = body.value.subdomain;
        if (typeof subdomain !== "string" || !LABEL.test(subdomain)) {
          return CF.invalid(
            `subdomain: must be a DNS label (lowercase letters, digits, '-'); got ${JSON.stringify(subdomain)}`,
          );
        }
        state.accountSubdomain = subdomain;
        return ok({ subdomain });
      },
    },
    {
      // Body {enabled, previews_enabled?} (workers_script_subdomain/model.go).
      method: "POST",
      pattern: "/accounts/:account_id/workers/scripts/:script_name/subdomain",
      operation: "putScriptSubdomain",
      handle(ctx) {
        const script = state.scripts.get(ctx.params.script_name!);
        if (script === undefined) return CF.scriptNotFound();
        const body = jsonObject(ctx);
        if (!body.ok) return body.reply;
        const { enabled, previews_enabled: previews } = body.value;
        if (typeof enabled !== "boolean") {
          return CF.invalid(`enabled: required, true or false; got ${JSON.stringify(enabled)}`);
        }
        if (previews !== undefined && typeof previews !== "boolean") {
          return CF.invalid(`previews_enabled: true or false; got ${JSON.stringify(previews)}`);
        }
        // An account without a workers.dev subdomain cannot serve one (docs/HOOKS.md, manual step).
        if (enabled && state.accountSubdomain === undefined) return CF.subdomainRequired();
        script.workersDev = {
          enabled,
          previewsEnabled: previews ?? script.workersDev?.previewsEnabled ?? false,
        };
        return ok(setting(script.name));
      },
    },
    {
      method: "GET",
      pattern: "/accounts/:account_id/workers/scripts/:script_name/subdomain",
      operation: "getScriptSubdomain",
      handle(ctx) {
        const name = ctx.params.script_name!;
        return state.scripts.has(name) ? ok(setting(name)) : CF.scriptNotFound();
      },
    },
    {
      method: "DELETE",
      pattern: "/accounts/:account_id/workers/scripts/:script_name/subdomain",
      operation: "deleteScriptSubdomain",
      handle(ctx) {
        const script = state.scripts.get(ctx.params.script_name!);
        if (script === undefined) return CF.scriptNotFound();
        script.workersDev = undefined;
        return ok(setting(script.name));
      },
    },
  ];
}
