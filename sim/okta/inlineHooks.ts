// Inline hooks (/api/v1/inlineHooks): PROVIDERS.md okta.inline.Hook — create, read, full PUT,
// lifecycle, delete, and execute, which really calls the hook; and deliverOtp, what Okta does for
// an SMS/voice OTP: call the active telephony hook with Okta's payload (DEV-TEL sample request,
// data/okta-telephony-hook-request.json) and read its answer by Okta's failover rules.
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

export interface OtpRequest {
  readonly phoneNumber: string;
  readonly otpCode: string;
  /** DEV-TEL: "SMS" or "voice call". @default "SMS" */
  readonly deliveryChannel?: string;
  /** @default "com.okta.user.telephony.mfa-verification" */
  readonly requestType?: string;
  readonly locale?: string;
  readonly userProfile?: Readonly<Record<string, unknown>>;
}

/** Okta's telephony request for this hook: the documented sample with this org's ids and times. */
export function telephonyPayload(org: Org, hook: OktaObject, otp: OtpRequest): unknown {
  const now = org.clock.now();
  const sample = structuredClone(telephonySample);
  sample.eventId = randomBytes(16).toString("base64url");
  sample.eventTime = new Date(now).toISOString();
  sample.source = `${org.orgUrls[0]}/api/v1/inlineHooks/${hook.id}`;
  sample.requestType = otp.requestType ?? "com.okta.user.telephony.mfa-verification";
  const profile = sample.data.messageProfile;
  profile.phoneNumber = otp.phoneNumber;
  profile.otpCode = otp.otpCode;
  profile.msgTemplate = `(HOOK)Your code is ${otp.otpCode}`;
  profile.deliveryChannel = otp.deliveryChannel ?? "SMS";
  if (otp.locale !== undefined) profile.locale = otp.locale;
  // Observation in the sample: the OTP expires about 5 minutes after the event (fixtures/SOURCES.md).
  profile.otpExpires = new Date(now + 5 * 60_000).toISOString();
  if (otp.userProfile !== undefined) {
    sample.data.userProfile = { ...sample.data.userProfile, ...otp.userProfile };
  }
  return sample;
}

export interface OtpDelivery {
  /**
   * `hook`: the hook answered SUCCESSFUL or PENDING. `failover`: Okta sends the OTP itself (a
   * timeout, a status other than 200, a malformed answer). `error`: the hook returned an error
   * object and the operation fails (fixtures/SOURCES.md, telephony failure table).
   */
  readonly outcome: "hook" | "failover" | "error";
  readonly hookId?: string;
  readonly status?: number;
  readonly answer?: unknown;
  readonly reason?: string;
}

/**
 * What Okta does when a user needs an SMS or voice OTP: call the org's active telephony hook
 * once (3 s, no retry: "the telephony and token inline hooks don't support retries") and read
 * its answer as Okta does. No active hook: Okta's own providers send it.
 */
export async function deliverOtp(org: Org, otp: OtpRequest): Promise<OtpDelivery> {
  const hook = org.state.inlineHooks.find((h) => h.type === TELEPHONY && h.status === "ACTIVE");
  if (hook === undefined) return { outcome: "failover", reason: "no active telephony hook" };
  const answer = await callHook(org, hook, {
    method: "POST",
    body: telephonyPayload(org, hook, otp),
  });
  const base = {
    hookId: hook.id,
    ...(answer.status === undefined ? {} : { status: answer.status }),
  };
  if (answer.failure !== undefined) return { ...base, outcome: "failover", reason: answer.failure };
  if (answer.status !== 200)
    return { ...base, outcome: "failover", reason: `HTTP ${answer.status}` };
  const json = answer.json as { commands?: unknown; error?: unknown } | undefined;
  if (isRecord(json) && json.error !== undefined) {
    return { ...base, outcome: "error", answer: json, reason: "the hook returned an error object" };
  }
  const value = (Array.isArray(json?.commands) ? json.commands : [])
    .filter(
      (c): c is Record<string, unknown> => isRecord(c) && c.type === "com.okta.telephony.action",
    )
    .flatMap((c) => (Array.isArray(c.value) ? c.value : []))[0] as { status?: unknown } | undefined;
  if (value === undefined || !["SUCCESSFUL", "PENDING", "FAILED"].includes(String(value.status))) {
    return { ...base, outcome: "failover", answer: json, reason: "malformed telephony response" };
  }
  if (value.status === "FAILED") {
    return { ...base, outcome: "failover", answer: json, reason: "the hook reported FAILED" };
  }
  return { ...base, outcome: "hook", answer: json };
}

const executeInlineHook: OpHandler = async ({ org, params, body }) => {
  const hook = org.state.inlineHooks.get(params.inlineHookId!);
  if (hook === undefined) return notFound(params.inlineHookId!, KIND);
  const method = hookConfig(hook).method === "GET" ? "GET" : "POST";
  // The caller's payload goes as is. "A timeout of three seconds … with one retry in the event of
  // a timeout or an error response" (MGMT executeInlineHook).
  let answer = await callHook(org, hook, { method, body });
  const failed = (a: typeof answer) =>
    a.failure !== undefined || a.status === undefined || a.status >= 400;
  if (failed(answer)) answer = await callHook(org, hook, { method, body });
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
