// Policies API, the part the provider reads: `GET /api/v1/policies?type=ACCESS_POLICY` (listPolicies)
// and one policy (getPolicy). An org starts with its "Default Policy" app sign-in policy, the one
// okta.app.OAuth assigns when skipAuthenticationPolicy is unset (PROVIDERS.md).
import { notFound, validationFailed } from "./errors";
import { href, ok, type OpHandler, type Org } from "./org";
import type { OktaObject } from "./state";

/** Stable, so seeds and tests can name it. */
export const DEFAULT_ACCESS_POLICY_ID = "rstdefaultpolicy0001";

/** PolicyType values the spec's `type` parameter allows (schema PolicyType). */
const POLICY_TYPES = [
  "ACCESS_POLICY",
  "IDP_DISCOVERY",
  "MFA_ENROLL",
  "OKTA_SIGN_ON",
  "PASSWORD",
  "PROFILE_ENROLLMENT",
  "POST_AUTH_SESSION",
  "ENTITY_RISK",
  "SESSION_VIOLATION_DETECTION",
  "DEVICE_SIGNAL_COLLECTION",
  "CLIENT_UPDATE",
  "IDENTITY_CLAIM_SOURCING",
];

/** The default app sign-in policy, shaped like the spec's `create-access-policy-response` example. */
export function defaultAccessPolicy(created: string): OktaObject {
  return {
    id: DEFAULT_ACCESS_POLICY_ID,
    type: "ACCESS_POLICY",
    status: "ACTIVE",
    name: "Default Policy",
    description: "The default app sign-in policy",
    priority: 1,
    system: true,
    conditions: null,
    created,
    lastUpdated: created,
  };
}

export function policyView(org: Org, policy: OktaObject): OktaObject {
  const base = `/api/v1/policies/${policy.id}`;
  return {
    ...policy,
    _links: {
      self: href(org, base),
      rules: href(org, `${base}/rules`),
      mappings: href(org, `${base}/mappings`),
    },
  };
}

const listPolicies: OpHandler = ({ org, query }) => {
  const type = query.get("type");
  // `type` is required (listPolicies' parameter).
  if (type === null || !POLICY_TYPES.includes(type)) {
    return validationFailed("type", [
      { field: "type", message: `must be one of ${POLICY_TYPES.join(", ")}` },
    ]);
  }
  const status = query.get("status");
  const items = [...org.state.policies.values()].filter(
    (p) => p.type === type && (status === null || p.status === status),
  );
  return ok(items.map((p) => policyView(org, p)));
};

const getPolicy: OpHandler = ({ org, params }) => {
  const policy = org.state.policies.get(params.policyId!);
  return policy === undefined ? notFound(params.policyId!, "Policy") : ok(policyView(org, policy));
};

export const policyHandlers: Record<string, OpHandler> = { listPolicies, getPolicy };
