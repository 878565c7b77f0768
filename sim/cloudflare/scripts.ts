// Workers scripts, as cloudflare_workers_script (terraform-provider-cloudflare v5,
// internal/services/workers_script/resource.go) calls them through cloudflare-go v6: upload
// (Create and Update both PUT the multipart body), the three reads of Read, and delete.

import { CF, ok, type Reply } from "./errors";
import { cfTime, type RouteDef, type SimContext } from "./router";
import { Script } from "./state";
import { parseUpload } from "./upload";

const SCRIPTS = "/accounts/:account_id/workers/scripts";
/** Worker names: lowercase letters, digits, `-` and `_`, up to 63 (inferred from the dashboard's rule). */
const SCRIPT_NAME = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;

export function scriptRoutes(sim: SimContext): RouteDef[] {
  const { state, runtime, clock } = sim;
  const find = (name: string | undefined): Script | undefined =>
    name === undefined ? undefined : state.scripts.get(name);

  return [
    {
      // workers.ScriptService.Update: PUT accounts/{id}/workers/scripts/{name}, the multipart
      // body as model.go MarshalMultipart writes it. The new version runs before it is accepted.
      method: "PUT",
      pattern: `${SCRIPTS}/:script_name`,
      operation: "uploadScript",
      async handle(ctx) {
        const name = ctx.params.script_name!;
        if (!SCRIPT_NAME.test(name)) {
          return CF.invalid(
            `script_name: must be 1-63 lowercase letters, digits, '-' or '_'; got ${JSON.stringify(name)}`,
          );
        }
        const parsed = await parseUpload(ctx.contentType, ctx.body);
        if (!parsed.ok) return parsed.reply;
        const refused = await runtime.deploy(name, parsed.value);
        if (refused !== undefined) return CF.invalid(refused);
        const now = clock.now();
        let script = state.scripts.get(name);
        if (script === undefined) {
          script = new Script(name, parsed.value, now);
          state.scripts.set(name, script);
        } else {
          script.replace(parsed.value, now);
        }
        return ok(scriptResource(script));
      },
    },
    {
      // Read, first call: the service's default environment carries the script's metadata.
      method: "GET",
      pattern: "/accounts/:account_id/workers/services/:script_name",
      operation: "getService",
      handle(ctx) {
        const script = find(ctx.params.script_name);
        if (script === undefined) return CF.scriptNotFound();
        return ok({
          id: script.name,
          default_environment: {
            environment: "production",
            created_on: cfTime(script.createdOn),
            modified_on: cfTime(script.modifiedOn),
            script: scriptResource(script),
          },
          created_on: cfTime(script.createdOn),
          modified_on: cfTime(script.modifiedOn),
        });
      },
    },
    {
      // Read, second call: bindings and settings. secret_text bindings come back without `text`
      // (cloudflare-go ScriptScriptAndVersionSettingGetResponseBindingsWorkersBindingKindSecretText
      // has only name and type); the provider restores them from state (UpdateSecretTextsFromState).
      method: "GET",
      pattern: `${SCRIPTS}/:script_name/settings`,
      operation: "getScriptSettings",
      handle(ctx) {
        const script = find(ctx.params.script_name);
        if (script === undefined) return CF.scriptNotFound();
        const v = script.version;
        return ok({
          bindings: v.bindings.map((b) =>
            b.type === "secret_text"
              ? { name: b.name, type: b.type }
              : b.type === "json"
                ? { name: b.name, type: b.type, json: b.value }
                : { name: b.name, type: b.type, text: b.value },
          ),
          compatibility_date: v.compatibilityDate,
          compatibility_flags: v.compatibilityFlags,
          logpush: v.logpush,
          placement: {},
          tail_consumers: null,
          tags: null,
          usage_model: "standard",
        });
      },
    },
    {
      // Read, third call: workers.ScriptContentService.Get, GET …/content/v2. The provider takes
      // the body as is, or the first part of a multipart body; the entry module is sent raw.
      method: "GET",
      pattern: `${SCRIPTS}/:script_name/content/v2`,
      operation: "getScriptContent",
      handle(ctx) {
        const script = find(ctx.params.script_name);
        return script === undefined ? CF.scriptNotFound() : entryModule(script);
      },
    },
    {
      // workers.ScriptService.Get (import): the script's content as a string.
      method: "GET",
      pattern: `${SCRIPTS}/:script_name`,
      operation: "getScript",
      handle(ctx) {
        const script = find(ctx.params.script_name);
        return script === undefined ? CF.scriptNotFound() : entryModule(script);
      },
    },
    {
      method: "GET",
      pattern: SCRIPTS,
      operation: "listScripts",
      handle: () => ok([...state.scripts.values()].map(scriptResource)),
    },
    {
      // workers.ScriptService.Delete. The script's workerd stops; its workers.dev setting and
      // custom domains go with it (inferred: Cloudflare detaches what pointed at a deleted Worker).
      method: "DELETE",
      pattern: `${SCRIPTS}/:script_name`,
      operation: "deleteScript",
      async handle(ctx) {
        const name = ctx.params.script_name!;
        if (!state.scripts.has(name)) return CF.scriptNotFound();
        state.scripts.delete(name);
        for (const [id, d] of state.domains) if (d.service === name) state.domains.delete(id);
        await runtime.remove(name);
        return ok(null);
      },
    },
  ];
}

/** cloudflare-go workers.Script / ScriptUpdateResponse fields. */
function scriptResource(script: Script): Record<string, unknown> {
  const v = script.version;
  return {
    id: script.name,
    tag: script.tag,
    etag: v.etag,
    // The simulator does not inspect the module's exports: the receiver exports `fetch`.
    handlers: ["fetch"],
    named_handlers: [],
    has_assets: false,
    has_modules: v.mainModule !== undefined,
    logpush: v.logpush,
    compatibility_date: v.compatibilityDate,
    compatibility_flags: v.compatibilityFlags,
    created_on: cfTime(script.createdOn),
    modified_on: cfTime(script.modifiedOn),
    last_deployed_from: "api",
    startup_time_ms: 0,
    usage_model: "standard",
    placement: {},
    tail_consumers: null,
    tags: null,
  };
}

function entryModule(script: Script): Reply {
  const v = script.version;
  const entry = v.modules.find((m) => m.name === (v.mainModule ?? v.bodyPart))!;
  return {
    status: 200,
    body: undefined,
    raw: entry.contents,
    headers: { "content-type": entry.contentType, "cf-entrypoint": entry.name },
  };
}
