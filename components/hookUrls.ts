// Where the hook receiver is reachable and the URLs Okta calls on it: one route of three, resolved
// and validated without any Pulumi runtime so each variant is unit-tested.

import { HookError } from "./hookErrors";
import { WORKER_NAME } from "./hookNames";

/** Paths the Worker serves (worker/app.ts routes). */
export const HOOK_PATHS = { events: "/okta/events", telephony: "/okta/telephony" } as const;

/** The route fields, shaped like `oktaplane:hookReceiver` so config can be passed as it is. */
export interface ReceiverRouteArgs {
  /** The account's workers.dev subdomain: the Worker answers on `<workerName>.<sub>.workers.dev`. */
  readonly workersDevSubdomain?: string;
  /** A hostname in a Cloudflare zone: a Workers Custom Domain (DNS record and certificate). */
  readonly customDomain?: { readonly zoneId: string; readonly hostname: string };
  /** A receiver you already run: no Worker is deployed, only the URLs are computed. */
  readonly externalUrl?: string;
}

export type ReceiverRoute =
  | { readonly kind: "workersDev"; readonly subdomain: string }
  | { readonly kind: "customDomain"; readonly zoneId: string; readonly hostname: string }
  | { readonly kind: "external"; readonly url: string };

export interface ReceiverUrls {
  /** Origin (or external base URL) without a trailing slash. */
  readonly url: string;
  /** Event hook endpoint: verification GET and delivery POST. */
  readonly eventsUrl: string;
  /** Telephony inline hook endpoint. */
  readonly telephonyUrl: string;
}

const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ZONE_ID = /^[0-9a-f]{32}$/;

/** Exactly one route, each field well-formed; the error names every field that was set. */
export function resolveRoute(args: ReceiverRouteArgs): ReceiverRoute {
  const set = (["workersDevSubdomain", "customDomain", "externalUrl"] as const).filter(
    (key) => args[key] !== undefined,
  );
  if (set.length !== 1) {
    throw new HookError(
      "route_invalid",
      `set exactly one of workersDevSubdomain, customDomain or externalUrl; got ${set.length === 0 ? "none" : set.join(", ")}`,
    );
  }
  if (args.workersDevSubdomain !== undefined) {
    check("workersDevSubdomain", args.workersDevSubdomain, SUBDOMAIN, "a DNS label");
    return { kind: "workersDev", subdomain: args.workersDevSubdomain };
  }
  if (args.customDomain !== undefined) {
    const { zoneId, hostname } = args.customDomain;
    check("customDomain.zoneId", zoneId, ZONE_ID, "32 lowercase hex characters");
    check("customDomain.hostname", hostname, HOSTNAME, "a lowercase DNS hostname, no scheme");
    return { kind: "customDomain", zoneId, hostname };
  }
  return { kind: "external", url: externalBase(args.externalUrl!) };
}

/** The receiver's URLs for a route; `workerName` matters only on workers.dev. */
export function receiverUrls(route: ReceiverRoute, workerName: string): ReceiverUrls {
  let url: string;
  switch (route.kind) {
    case "workersDev":
      check("workerName", workerName, WORKER_NAME, "1-63 lowercase letters, digits or '-'");
      url = `https://${workerName}.${route.subdomain}.workers.dev`;
      break;
    case "customDomain":
      url = `https://${route.hostname}`;
      break;
    case "external":
      url = route.url;
      break;
  }
  return {
    url,
    eventsUrl: `${url}${HOOK_PATHS.events}`,
    telephonyUrl: `${url}${HOOK_PATHS.telephony}`,
  };
}

/** https, no credentials, query or fragment (Okta appends nothing); trailing slashes dropped. */
function externalBase(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== "https:" || url.username || url.password) {
    throw new HookError(
      "argument_invalid",
      `externalUrl: must be an https:// URL without credentials; got ${JSON.stringify(value)}`,
    );
  }
  if (url.search || url.hash) {
    throw new HookError(
      "argument_invalid",
      `externalUrl: must have no query or fragment (the hook paths are appended); got ${JSON.stringify(value)}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function check(arg: string, value: string, pattern: RegExp, allowed: string): void {
  if (!pattern.test(value)) {
    throw new HookError(
      "argument_invalid",
      `${arg}: must be ${allowed}; got ${JSON.stringify(value)}`,
    );
  }
}
