// Event hooks (/api/v1/eventHooks): PROVIDERS.md okta.EventHook / EventHookVerification — create,
// lifecycle, full PUT, delete when inactive, and verify, which really calls the hook URI with
// `x-okta-verification-challenge` and the configured auth header and checks the echoed value.
import { randomBytes } from "node:crypto";
import { notFound, validationFailed } from "./errors";
import { callHook, hookConfig } from "./hookCalls";
import { href, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { stashHookSecret } from "./seed";
import { oktaId, type OktaObject } from "./state";

const KIND = "EventHook";

function hookView(org: Org, hook: OktaObject): OktaObject {
  const base = `/api/v1/eventHooks/${hook.id}`;
  return {
    ...hook,
    _links: {
      self: href(org, base),
      verify: href(org, `${base}/lifecycle/verify`),
      ...(hook.status === "ACTIVE"
        ? { deactivate: href(org, `${base}/lifecycle/deactivate`) }
        : { activate: href(org, `${base}/lifecycle/activate`) }),
    },
  };
}

const createEventHook: OpHandler = ({ org, body, caller }) => {
  const request = structuredClone(body) as Record<string, unknown>;
  const now = nowIso(org);
  const hook = stashHookSecret(org, {
    description: null,
    ...request,
    id: oktaId("who"),
    // Okta creates the hook ACTIVE and UNVERIFIED (MGMT createEventHook; RetrieveAnEventHook).
    status: "ACTIVE",
    verificationStatus: "UNVERIFIED",
    created: now,
    createdBy: caller.id,
    lastUpdated: now,
  });
  org.state.eventHooks.set(hook);
  return ok(hookView(org, hook));
};

const listEventHooks: OpHandler = ({ org }) =>
  ok([...org.state.eventHooks.values()].map((h) => hookView(org, h)));

const getEventHook: OpHandler = ({ org, params }) => {
  const hook = org.state.eventHooks.get(params.eventHookId!);
  return hook === undefined ? notFound(params.eventHookId!, KIND) : ok(hookView(org, hook));
};

const replaceEventHook: OpHandler = ({ org, params, body }) => {
  const previous = org.state.eventHooks.get(params.eventHookId!);
  if (previous === undefined) return notFound(params.eventHookId!, KIND);
  const request = structuredClone(body) as Record<string, unknown>;
  const secretBefore = org.state.hookSecrets.get(previous.id);
  const next: OktaObject = {
    ...request,
    id: previous.id,
    status: previous.status,
    created: previous.created,
    createdBy: previous.createdBy,
    lastUpdated: nowIso(org),
    verificationStatus: previous.verificationStatus,
  };
  org.state.hookSecrets.delete(previous.id);
  stashHookSecret(org, next);
  // Okta never returns authScheme.value, so a PUT of what was read carries none: keep the old one.
  if (
    !org.state.hookSecrets.has(previous.id) &&
    secretBefore !== undefined &&
    hookConfig(next).authScheme
  ) {
    org.state.hookSecrets.set(previous.id, secretBefore);
  }
  // "Changing channel requires verifying again" (DEV event-hooks reference).
  const changed =
    JSON.stringify(previous.channel) !== JSON.stringify(next.channel) ||
    org.state.hookSecrets.get(previous.id) !== secretBefore;
  if (changed) next.verificationStatus = "UNVERIFIED";
  org.state.eventHooks.set(next);
  return ok(hookView(org, next));
};

function setStatus(status: "ACTIVE" | "INACTIVE"): OpHandler {
  return ({ org, params }) => {
    const hook = org.state.eventHooks.get(params.eventHookId!);
    if (hook === undefined) return notFound(params.eventHookId!, KIND);
    return ok(
      hookView(org, org.state.eventHooks.set({ ...hook, status, lastUpdated: nowIso(org) })),
    );
  };
}

const deleteEventHook: OpHandler = ({ org, params }) => {
  const hook = org.state.eventHooks.get(params.eventHookId!);
  if (hook === undefined) return notFound(params.eventHookId!, KIND);
  // The provider deactivates before DELETE (PROVIDERS.md); an active hook is refused (inferred).
  if (hook.status === "ACTIVE") {
    return validationFailed("eventHook", [
      { field: "status", message: "deactivate the event hook before deleting it" },
    ]);
  }
  org.state.eventHooks.delete(hook.id);
  org.state.hookSecrets.delete(hook.id);
  return noContent;
};

const verifyEventHook: OpHandler = async ({ org, params }) => {
  const hook = org.state.eventHooks.get(params.eventHookId!);
  if (hook === undefined) return notFound(params.eventHookId!, KIND);
  const challenge = randomBytes(30).toString("base64url");
  // The one GET Okta ever sends a hook (DEV concepts/event-hooks "One-time verification request").
  const answer = await callHook(org, hook, {
    method: "GET",
    headers: { "x-okta-verification-challenge": challenge },
  });
  const echoed = (answer.json as { verification?: unknown } | undefined)?.verification;
  const verified =
    answer.failure === undefined &&
    answer.status !== undefined &&
    answer.status >= 200 &&
    answer.status < 300 &&
    echoed === challenge;
  if (!verified) {
    const why =
      answer.failure ??
      (answer.status !== undefined && (answer.status < 200 || answer.status >= 300)
        ? `the hook answered HTTP ${answer.status}`
        : `the hook did not answer {"verification": <challenge>}`);
    // (inferred) Okta reports a failed verification as a validation error and keeps UNVERIFIED.
    return validationFailed("eventHook", [
      { field: "verification", message: `Event hook verification failed: ${why}` },
    ]);
  }
  const next = org.state.eventHooks.set({
    ...hook,
    verificationStatus: "VERIFIED",
    lastUpdated: nowIso(org),
  });
  return ok(hookView(org, next));
};

export const eventHookHandlers: Record<string, OpHandler> = {
  createEventHook,
  listEventHooks,
  getEventHook,
  replaceEventHook,
  deleteEventHook,
  activateEventHook: setStatus("ACTIVE"),
  deactivateEventHook: setStatus("INACTIVE"),
  verifyEventHook,
};
