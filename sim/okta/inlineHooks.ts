// Inline hooks (/api/v1/inlineHooks): PROVIDERS.md okta.inline.Hook — create, read, full PUT,
// lifecycle, delete, and execute, which really calls the hook with the payload Okta would send
// (the telephony hook's: data/okta-telephony-hook-request.json, DEV-TEL sample request).
import { randomBytes } from "node:crypto";
import telephonySample from "./data/okta-telephony-hook-request.json";
import { notFound, validationFailed } from "./errors";
import { callHook, hookConfig } from "./hookCalls";
import { href, isRecord, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { stashHookSecret } from "./seed";
import { oktaId, type OktaObject } from "./state";

const KIND = "InlineHook";
export const TELEPHONY = "com.okta.telephony.provider";

function hookView(org: Org, hook: OktaObject): OktaObject {
  const base = `/api/v1/inlineHooks/${hook.id}`;
  return {
    ...hook,
    _links: {
      self: href(org, base),
      execute: href(org, `${base}/execute`),
      ...(hook.status === "ACTIVE"
        ? { deactivate: href(org, `${base}/lifecycle/deactivate`) }
        : { activate: href(org, `${base}/lifecycle/activate`) }),
    },
  };
}

/** "You can have only one active telephony inline hook per org" (MGMT, InlineHook telephony tag). */
function secondActiveTelephony(org: Org, hook: OktaObject): boolean {
  if (!org.behaviours.singleActiveTelephonyHook || hook.type !== TELEPHONY) return false;
  return (
    org.state.inlineHooks.find(
      (h) => h.id !== hook.id && h.type === TELEPHONY && h.status === "ACTIVE",
    ) !== undefined
  );
}

const TELEPHONY_LIMIT = {
  field: "type",
  message: "only one active com.okta.telephony.provider inline hook is allowed per org",
};

const createInlineHook: OpHandler = ({ org, body }) => {
  const request = structuredClone(body) as Record<string, unknown>;
  const config = hookConfig(request as OktaObject);
  const channel = isRecord(request.channel) ? request.channel : {};
  // "When you create a telephony inline hook, you must include the authScheme parameter."
  if (request.type === TELEPHONY && channel.type === "HTTP" && !isRecord(config.authScheme)) {
    return validationFailed("authScheme", [
      { field: "channel.config.authScheme", message: "is required for a telephony inline hook" },
    ]);
  }
  const now = nowIso(org);
  const hook = stashHookSecret(org, {
    version: "1.0.0",
    ...request,
    id: oktaId("cal"),
    status: "ACTIVE",
    created: now,
    lastUpdated: now,
  });
  if (secondActiveTelephony(org, hook)) {
    org.state.hookSecrets.delete(hook.id);
    return validationFailed("type", [TELEPHONY_LIMIT]);
  }
  org.state.inlineHooks.set(hook);
  return ok(hookView(org, hook));
};

const listInlineHooks: OpHandler = ({ org, query }) => {
  const type = query.get("type");
  const hooks = [...org.state.inlineHooks.values()].filter((h) => type === null || h.type === type);
  return ok(hooks.map((h) => hookView(org, h)));
};

const getInlineHook: OpHandler = ({ org, params }) => {
  const hook = org.state.inlineHooks.get(params.inlineHookId!);
  return hook === undefined ? notFound(params.inlineHookId!, KIND) : ok(hookView(org, hook));
};

const replaceInlineHook: OpHandler = ({ org, params, body }) => {
  const previous = org.state.inlineHooks.get(params.inlineHookId!);
  if (previous === undefined) return notFound(params.inlineHookId!, KIND);
  const request = structuredClone(body) as Record<string, unknown>;
  const secretBefore = org.state.hookSecrets.get(previous.id);
  const next: OktaObject = {
    ...previous,
    ...request,
    id: previous.id,
    type: previous.type,
    status: previous.status,
    created: previous.created,
    lastUpdated: nowIso(org),
  };
  org.state.hookSecrets.delete(previous.id);
  stashHookSecret(org, next);
  if (
    !org.state.hookSecrets.has(previous.id) &&
    secretBefore !== undefined &&
    hookConfig(next).authScheme
  ) {
    org.state.hookSecrets.set(previous.id, secretBefore);
  }
  org.state.inlineHooks.set(next);
  return ok(hookView(org, next));
};

function setStatus(status: "ACTIVE" | "INACTIVE"): OpHandler {
  return ({ org, params }) => {
    const hook = org.state.inlineHooks.get(params.inlineHookId!);
    if (hook === undefined) return notFound(params.inlineHookId!, KIND);
    const next = { ...hook, status, lastUpdated: nowIso(org) };
    if (status === "ACTIVE" && secondActiveTelephony(org, next)) {
      return validationFailed("type", [TELEPHONY_LIMIT]);
    }
    return ok(hookView(org, org.state.inlineHooks.set(next)));
  };
}

const deleteInlineHook: OpHandler = ({ org, params }) => {
  const hook = org.state.inlineHooks.get(params.inlineHookId!);
  if (hook === undefined) return notFound(params.inlineHookId!, KIND);
  org.state.inlineHooks.delete(hook.id);
  org.state.hookSecrets.delete(hook.id);
  return noContent;
};

/** Okta's telephony request for this hook: the documented sample, with this org's ids and times. */
export function telephonyPayload(org: Org, hook: OktaObject, otpCode?: string): unknown {
  const now = org.clock.now();
  const sample = structuredClone(telephonySample);
  sample.eventId = randomBytes(16).toString("base64url");
  sample.eventTime = new Date(now).toISOString();
  sample.source = `${org.orgUrls[0]}/api/v1/inlineHooks/${hook.id}`;
  // Observation in the sample: the OTP expires about 5 minutes after the event (fixtures/SOURCES.md).
  sample.data.messageProfile.otpExpires = new Date(now + 5 * 60_000).toISOString();
  if (otpCode !== undefined) {
    sample.data.messageProfile.otpCode = otpCode;
    sample.data.messageProfile.msgTemplate = `(HOOK)Your code is ${otpCode}`;
  }
  return sample;
}

const executeInlineHook: OpHandler = async ({ org, params, body }) => {
  const hook = org.state.inlineHooks.get(params.inlineHookId!);
  if (hook === undefined) return notFound(params.inlineHookId!, KIND);
  // The caller's payload goes as is; without one a telephony hook gets Okta's own sample.
  const payload = body ?? (hook.type === TELEPHONY ? telephonyPayload(org, hook) : {});
  const method = hookConfig(hook).method === "GET" ? "GET" : "POST";
  // "A timeout of three seconds … with one retry in the event of a timeout or an error response"
  // (MGMT executeInlineHook).
  let answer = await callHook(org, hook, { method, body: payload });
  const failed = (a: typeof answer) =>
    a.failure !== undefined || a.status === undefined || a.status >= 400;
  if (failed(answer)) answer = await callHook(org, hook, { method, body: payload });
  if (failed(answer) || answer.status !== 200 || answer.json === undefined) {
    const why =
      answer.failure ??
      `the hook answered HTTP ${answer.status ?? "?"}${answer.json === undefined ? " without JSON" : ""}`;
    // "If a successful response isn't received after the request, a 400 error is returned".
    return validationFailed("execute", [{ field: "inlineHook", message: why }]);
  }
  return ok(answer.json);
};

export const inlineHookHandlers: Record<string, OpHandler> = {
  createInlineHook,
  listInlineHooks,
  getInlineHook,
  replaceInlineHook,
  deleteInlineHook,
  activateInlineHook: setStatus("ACTIVE"),
  deactivateInlineHook: setStatus("INACTIVE"),
  executeInlineHook,
};
