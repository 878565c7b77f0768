// Okta's outbound calls to a hook URI: the configured auth header (authScheme.key: value, sent
// verbatim) and custom headers, JSON, a 3 s timeout and no redirects followed (DEV concepts/
// event-hooks "HTTP Headers", concepts/inline-hooks "Time out and retry"; fixtures/SOURCES.md).
import { isRecord, type Org } from "./org";
import type { OktaObject } from "./state";

/** "Okta waits 3 s" for event and inline hooks alike. */
export const HOOK_TIMEOUT_MS = 3000;

export interface HookAnswer {
  readonly status?: number;
  readonly json?: unknown;
  /** Why no usable answer came: `timeout`, `network`, or a redirect Okta does not follow. */
  readonly failure?: string;
}

interface ChannelConfig {
  readonly uri?: string;
  readonly headers?: ReadonlyArray<{ key?: string; value?: string }>;
  readonly authScheme?: { type?: string; key?: string } | null;
  readonly method?: string;
}

export function hookConfig(hook: OktaObject): ChannelConfig {
  const channel = isRecord(hook.channel) ? hook.channel : {};
  return (isRecord(channel.config) ? channel.config : {}) as ChannelConfig;
}

export async function callHook(
  org: Org,
  hook: OktaObject,
  request: {
    readonly method: "GET" | "POST";
    readonly headers?: Record<string, string>;
    readonly body?: unknown;
  },
): Promise<HookAnswer> {
  const config = hookConfig(hook);
  if (typeof config.uri !== "string") return { failure: "no channel.config.uri" };
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/json",
  };
  for (const h of config.headers ?? []) {
    if (typeof h.key === "string" && typeof h.value === "string") headers[h.key] = h.value;
  }
  const secret = org.state.hookSecrets.get(hook.id);
  if (
    config.authScheme?.type === "HEADER" &&
    typeof config.authScheme.key === "string" &&
    secret !== undefined
  ) {
    headers[config.authScheme.key] = secret;
  }
  Object.assign(headers, request.headers);
  // Under a scaled clock the simulated 3 s pass faster; a floor keeps loopback calls possible.
  const timeout = Math.max(250, HOOK_TIMEOUT_MS / org.clock.scale);
  let response: Response;
  try {
    response = await org.outboundFetch(config.uri, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeout),
    });
  } catch (cause) {
    const name = (cause as { name?: string } | undefined)?.name;
    return { failure: name === "TimeoutError" ? "timeout" : "network" };
  }
  if (response.status >= 300 && response.status < 400) {
    return { status: response.status, failure: "redirect (not followed)" };
  }
  const text = await response.text().catch(() => "");
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}
