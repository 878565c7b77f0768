// Authenticators (/api/v1/authenticators), pre-seeded as an Identity Engine org has them. The
// provider's okta.Authenticator "soft-creates" (lists, adopts by key without writing settings) and
// then compares Okta's whole settings object with the stack's (PROVIDERS.md): so reads return the
// whole object, keys the caller never sent included, unless that behaviour is switched off.
import { notFound, validationFailed } from "./errors";
import { href, isRecord, nowIso, ok, type OpHandler, type Org } from "./org";
import { oktaId, type OktaObject } from "./state";

/**
 * The authenticators of a new Identity Engine org, from the spec's AuthenticatorResponse*
 * examples (email, password, phone, security question, WebAuthn). Okta Verify's settings add
 * the keys PROVIDERS.md names (appInstanceId, enrollmentSecurityLevel, userVerificationMethods)
 * to those of AuthenticatorKeyOktaVerify; their values are Okta's console defaults (inferred).
 */
export function identityEngineAuthenticators(created: string): OktaObject[] {
  const make = (key: string, type: string, name: string, status: string, settings?: object) => ({
    id: oktaId("aut"),
    key,
    type,
    name,
    status,
    created,
    lastUpdated: created,
    ...(settings === undefined ? {} : { settings }),
  });
  return [
    make("okta_email", "email", "Email", "ACTIVE", {
      allowedFor: "any",
      tokenLifetimeInMinutes: 5,
    }),
    make("okta_password", "password", "Password", "ACTIVE"),
    make("okta_verify", "app", "Okta Verify", "ACTIVE", {
      appInstanceId: oktaId("0oa"),
      channelBinding: { style: "NUMBER_CHALLENGE", required: "HIGH_RISK_ONLY" },
      compliance: { fips: "OPTIONAL" },
      userVerification: "PREFERRED",
      enrollmentSecurityLevel: "ANY",
      userVerificationMethods: ["BIOMETRICS"],
    }),
    make("phone_number", "phone", "Phone", "INACTIVE", { allowedFor: "none" }),
    make("security_question", "security_question", "Security Question", "ACTIVE", {
      allowedFor: "recovery",
    }),
    make("webauthn", "security_key", "Security Key or Biometric", "ACTIVE"),
  ];
}

/** Keys of `settings` the caller wrote last, per authenticator (for the "written only" view). */
const written = new WeakMap<Org, Map<string, readonly string[]>>();

function writtenKeys(org: Org): Map<string, readonly string[]> {
  let m = written.get(org);
  if (m === undefined) written.set(org, (m = new Map()));
  return m;
}

function authenticatorView(org: Org, a: OktaObject): OktaObject {
  const base = `/api/v1/authenticators/${a.id}`;
  let view: OktaObject = { ...a };
  if (!org.behaviours.wholeAuthenticatorSettings && isRecord(a.settings)) {
    const keys = writtenKeys(org).get(a.id) ?? [];
    view = {
      ...a,
      settings: Object.fromEntries(
        keys.map((k) => [k, (a.settings as Record<string, unknown>)[k]]),
      ),
    };
  }
  return {
    ...view,
    _links: {
      self: href(org, base),
      methods: href(org, `${base}/methods`),
      ...(a.status === "ACTIVE"
        ? { deactivate: href(org, `${base}/lifecycle/deactivate`) }
        : { activate: href(org, `${base}/lifecycle/activate`) }),
    },
  };
}

const listAuthenticators: OpHandler = ({ org }) =>
  ok([...org.state.authenticators.values()].map((a) => authenticatorView(org, a)));

const getAuthenticator: OpHandler = ({ org, params }) => {
  const a = org.state.authenticators.get(params.authenticatorId!);
  return a === undefined
    ? notFound(params.authenticatorId!, "Authenticator")
    : ok(authenticatorView(org, a));
};

const createAuthenticator: OpHandler = ({ org, body, query }) => {
  const request = body as Record<string, unknown>;
  // An org holds one authenticator per key (AuthenticatorKeyEnum); the provider soft-creates.
  if (org.state.authenticators.find((a) => a.key === request.key) !== undefined) {
    return validationFailed("key", [
      { field: "key", message: `an authenticator with key ${String(request.key)} already exists` },
    ]);
  }
  const now = nowIso(org);
  const a = org.state.authenticators.set({
    ...request,
    id: oktaId("aut"),
    created: now,
    lastUpdated: now,
    status: query.get("activate") === "false" ? "INACTIVE" : "ACTIVE",
  });
  if (isRecord(request.settings)) writtenKeys(org).set(a.id, Object.keys(request.settings));
  return ok(authenticatorView(org, a));
};

const replaceAuthenticator: OpHandler = ({ org, params, body }) => {
  const previous = org.state.authenticators.get(params.authenticatorId!);
  if (previous === undefined) return notFound(params.authenticatorId!, "Authenticator");
  const request = body as Record<string, unknown>;
  // Okta merges the written settings into what it holds: keys the caller leaves out keep their
  // values, which is why a read shows more than was sent (inferred from the provider's diffs).
  const settings = isRecord(request.settings)
    ? { ...(isRecord(previous.settings) ? previous.settings : {}), ...request.settings }
    : previous.settings;
  const next = org.state.authenticators.set({
    ...previous,
    ...(typeof request.name === "string" ? { name: request.name } : {}),
    ...(settings === undefined ? {} : { settings }),
    lastUpdated: nowIso(org),
  });
  if (isRecord(request.settings)) writtenKeys(org).set(next.id, Object.keys(request.settings));
  return ok(authenticatorView(org, next));
};

function setStatus(status: "ACTIVE" | "INACTIVE"): OpHandler {
  return ({ org, params }) => {
    const a = org.state.authenticators.get(params.authenticatorId!);
    if (a === undefined) return notFound(params.authenticatorId!, "Authenticator");
    return ok(
      authenticatorView(
        org,
        org.state.authenticators.set({ ...a, status, lastUpdated: nowIso(org) }),
      ),
    );
  };
}

export const authenticatorHandlers: Record<string, OpHandler> = {
  listAuthenticators,
  getAuthenticator,
  createAuthenticator,
  replaceAuthenticator,
  activateAuthenticator: setStatus("ACTIVE"),
  deactivateAuthenticator: setStatus("INACTIVE"),
};
