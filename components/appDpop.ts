// AppDpopSetting: a Pulumi dynamic resource that sets an OAuth app's "Require DPoP" flag through
// the Okta Apps API, because @pulumi/okta 7.0.0 has no field for it (no "dpop" in its types or
// schema). The provider object below is serialized into state: it captures no Pulumi object and
// reads credentials from the environment at call time, never from inputs.

import * as pulumi from "@pulumi/pulumi";
import { createOktaClient, type Throttle } from "./oktaApi/client";
import { checkGranted, credentialsFromEnv } from "./oktaApi/credentials";
import { APP_SCOPES, dpopRequired, getApp, setAppDpop } from "./oktaApi/apps";
import { explained, isOktaApiError, type OktaApiErrorCode } from "./oktaApi/errors";

/** Inputs and state alike: no secret, no credential. */
export interface AppDpopState {
  /** Keys the plan's deployer-scope table (`dynamic:okta-app-dpop`). */
  readonly kind: "okta-app-dpop";
  readonly orgUrl: string;
  readonly appId: string;
  readonly requireDpop: boolean;
  /**
   * Digest of the app's provider inputs. The Okta provider updates an app with a full PUT built
   * from its own state, which carries no DPoP flag; a new revision shows the re-application in
   * the preview of every such update (the diff's live read catches writes without one).
   */
  readonly appRevision: string;
  /** The Okta provider's rate-limit settings, reused for this client's 429 handling. */
  readonly throttle: Throttle;
}

type Inputs = AppDpopState;

/** A client whose token holds only what `access` needs: reads work with okta.apps.read alone. */
function clientFor(state: Inputs, access: "read" | "write") {
  const credentials = credentialsFromEnv(process.env);
  const needed = APP_SCOPES[access];
  checkGranted(credentials, needed, `${access} app ${state.appId}`);
  return createOktaClient({
    orgUrl: state.orgUrl,
    credentials,
    scopes: [...new Set(needed.map((n) => n.scope))],
    throttle: state.throttle,
  });
}

/** What to do about each failure: the engine shows only the error's message, so it must say. */
function fixFor(code: OktaApiErrorCode, state: Inputs): string {
  switch (code) {
    case "NO_CREDENTIALS":
      return "set the Okta provider's credential variables where pulumi runs (docs/PROVIDER.md)";
    case "MISSING_SCOPE":
      return (
        "grant the scope to the deploying service app and add it to OKTA_API_SCOPES " +
        "(npm run plan lists every scope a deploy needs)"
      );
    case "FORBIDDEN":
      return (
        "grant the deploying credential okta.apps.read and okta.apps.manage (and list them in " +
        "OKTA_API_SCOPES; a read needs okta.apps.read only), with an " +
        `admin role at least as privileged as any admin role app ${state.appId} holds: Okta refuses ` +
        "to update such an app for a less privileged caller (terraform-provider-okta#2025)"
      );
    case "NOT_FOUND":
      return "the app is gone from the org: run pulumi refresh, then pulumi up to create it again";
    case "RATE_LIMITED":
      return (
        `Okta's rate limit for /api/v1/apps/{appId} stayed exhausted through ${state.throttle.maxRetries} ` +
        "retries: run pulumi up again later, or raise oktaplane:okta.rateLimit.maxRetries or maxWaitSeconds"
      );
    case "DPOP_REFUSED":
      return (
        "this org will not require DPoP for an app that uses client_credentials, as Okta's API " +
        "spec says (the Admin Console requires it by default: an open question, docs/DPOP.md). " +
        "Set requireDpop: false for this app in the stack config (serviceApps.<key>.requireDpop) " +
        "and pulumi up"
      );
    case "UNAUTHORIZED":
      return "check that OKTA_API_TOKEN (or OKTA_ACCESS_TOKEN) belongs to this org and is still valid";
    case "TOKEN_REQUEST_FAILED":
      return (
        "check that OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID are the " +
        "deploying service app's in this org, and that OKTA_API_SCOPES are granted to it"
      );
    case "BAD_ORG_URL":
      return "oktaplane:okta.orgName and baseUrl must name the org (https://<org>.<baseUrl>)";
    case "HTTP_ERROR":
      return "run pulumi up again; if it persists, check network access to the org";
  }
}

/** Runs one provider step; an Okta failure gets the app, the org and the fix in its message. */
async function explaining<T>(state: Inputs, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isOktaApiError(e)) throw e;
    throw explained(
      e,
      `DPoP setting of app ${state.appId} (${state.orgUrl})`,
      fixFor(e.code, state),
    );
  }
}

/**
 * Delete restores nothing: this resource goes away only with its app (deleted or replaced right
 * after), so a reset would be a wasted write against /api/v1/apps' 100 requests/min.
 */
export const appDpopProvider: pulumi.dynamic.ResourceProvider<Inputs, Inputs> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (news.kind !== "okta-app-dpop")
      failures.push({ property: "kind", reason: `must be "okta-app-dpop"` });
    if (typeof news.appId !== "string" || news.appId === "")
      failures.push({ property: "appId", reason: "must be the app's id" });
    if (typeof news.requireDpop !== "boolean")
      failures.push({ property: "requireDpop", reason: "must be true or false" });
    if (typeof news.orgUrl !== "string" || !/^https?:\/\/[^/]+$/.test(news.orgUrl))
      failures.push({ property: "orgUrl", reason: "must be https://<org host>" });
    return { inputs: news, failures };
  },

  /**
   * Also reads the live flag: any provider write to the app (a perma-diff field, a refresh, a
   * provider upgrade, a JWKS reorder) stores dpop_bound_access_tokens false, with no input of
   * this resource changing. The engine diffs this resource only once its app's step is done
   * (its appId input waits for the app), so after every `pulumi up` the flag is the declared one.
   */
  async diff(_id, olds, news) {
    const replaces = (["orgUrl", "appId"] as const).filter((k) => olds[k] !== news[k]);
    // Throttle changes alone send no request: the new values apply at the next real change.
    const changed: string[] = (["requireDpop", "appRevision"] as const).filter(
      (k) => olds[k] !== news[k],
    );
    if (replaces.length === 0 && changed.length === 0) {
      const app = await explaining(news, () => getApp(clientFor(news, "read"), news.appId));
      // A missing app fails the update with NOT_FOUND and its fix (refresh) rather than hiding.
      if (app === undefined || dpopRequired(app) !== news.requireDpop) changed.push("requireDpop");
    }
    return {
      changes: replaces.length + changed.length > 0,
      replaces: [...replaces],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    await explaining(inputs, () =>
      setAppDpop(clientFor(inputs, "write"), inputs.appId, inputs.requireDpop),
    );
    return { id: inputs.appId, outs: inputs };
  },

  async update(_id, _olds, news) {
    await explaining(news, () =>
      setAppDpop(clientFor(news, "write"), news.appId, news.requireDpop),
    );
    return { outs: news };
  },

  /** `pulumi refresh`: report the flag as Okta has it, or the resource gone with its app. */
  async read(id, props) {
    if (props === undefined) return { id, props };
    const app = await explaining(props, () => getApp(clientFor(props, "read"), props.appId));
    if (app === undefined) return {};
    return { id, props: { ...props, requireDpop: dpopRequired(app) } };
  },

  async delete() {},
};

export interface AppDpopSettingArgs {
  readonly orgUrl: pulumi.Input<string>;
  readonly appId: pulumi.Input<string>;
  readonly requireDpop: pulumi.Input<boolean>;
  readonly appRevision: pulumi.Input<string>;
  readonly throttle: pulumi.Input<Throttle>;
}

export class AppDpopSetting extends pulumi.dynamic.Resource {
  declare readonly requireDpop: pulumi.Output<boolean>;
  declare readonly appId: pulumi.Output<string>;

  constructor(name: string, args: AppDpopSettingArgs, opts?: pulumi.CustomResourceOptions) {
    super(appDpopProvider, name, { kind: "okta-app-dpop", ...args }, opts);
  }
}
