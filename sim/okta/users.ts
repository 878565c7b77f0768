// Users and their factors (/api/v1/users, /api/v1/users/{userId}/factors): what the provider's
// configure (`GET /api/v1/users/me`), the Worker's phone lookups and `adopt` read. Shapes follow
// the spec's user-example and FactorResponseSms (fixtures/okta-user-*.json).
import { notFound, validationFailed } from "./errors";
import { linkHeaders, parseFilter } from "./paging";
import {
  href,
  isRecord,
  limitParam,
  noContent,
  nowIso,
  ok,
  type OpContext,
  type OpHandler,
  type Org,
} from "./org";
import { oktaId, type OktaObject } from "./state";

/** The admin every simulated org has: the owner of SSWS tokens made without a user. */
export const ORG_ADMIN_USER_ID = "00usimadmin000000001";

export function defaultAdminUser(created: string): OktaObject {
  return {
    id: ORG_ADMIN_USER_ID,
    status: "ACTIVE",
    created,
    activated: created,
    statusChanged: created,
    lastLogin: null,
    lastUpdated: created,
    passwordChanged: created,
    type: { id: "otysimdefault0000001" },
    profile: {
      login: "admin@example.com",
      email: "admin@example.com",
      firstName: "Org",
      lastName: "Admin",
      mobilePhone: null,
      secondEmail: null,
    },
    credentials: { password: {}, provider: { type: "OKTA", name: "OKTA" } },
  };
}

export function userView(org: Org, user: OktaObject): OktaObject {
  return { ...user, _links: { self: href(org, `/api/v1/users/${user.id}`) } };
}

function findUser(org: Org, idOrLogin: string): OktaObject | undefined {
  return (
    org.state.users.get(idOrLogin) ??
    org.state.users.find((u) => isRecord(u.profile) && u.profile.login === idOrLogin) ??
    org.directory?.(idOrLogin)
  );
}

const getUser: OpHandler = ({ org, params, caller }: OpContext) => {
  let id = params.id!;
  if (id === "me") {
    // An API token acts as its admin. A service app has no user; the simulator answers with the
    // org's admin (inferred: the provider's configure reads /users/me with either credential).
    const token =
      caller.tokenId === undefined ? undefined : org.state.apiTokens.get(caller.tokenId);
    id = typeof token?.userId === "string" ? token.userId : ORG_ADMIN_USER_ID;
  }
  const user = findUser(org, id);
  return user === undefined ? notFound(params.id!, "User") : ok(userView(org, user));
};

const USER_FILTERS = [
  "status",
  "id",
  "profile.login",
  "profile.email",
  "profile.firstName",
  "profile.lastName",
];

const listUsers: OpHandler = ({ org, query, op }) => {
  // listUsers: default 200 per page, at most 200.
  const limit = limitParam(query, 200, 200);
  const q = query.get("q")?.toLowerCase();
  const expression = query.get("filter");
  const filter = expression === null ? undefined : parseFilter(expression, USER_FILTERS);
  if (expression !== null && filter === undefined) {
    return validationFailed("filter", [
      { field: "filter", message: `supported properties are ${USER_FILTERS.join(", ")}` },
    ]);
  }
  const matches = (user: OktaObject) => {
    const profile = isRecord(user.profile) ? user.profile : {};
    // `q` matches firstName, lastName or email by prefix (listUsers' parameter description).
    const hit =
      q === undefined ||
      ["firstName", "lastName", "email"].some(
        (k) => typeof profile[k] === "string" && (profile[k] as string).toLowerCase().startsWith(q),
      );
    return hit && (filter === undefined || filter(user));
  };
  const page = org.state.users.page(query.get("after") ?? undefined, limit, matches);
  return {
    status: 200,
    body: page.items.map((u) => userView(org, u)),
    headers: linkHeaders(org, op.path, query, page, limit),
  };
};

const createUser: OpHandler = ({ org, body, query }) => {
  const request = body as { profile?: Record<string, unknown>; credentials?: unknown };
  const profile = request.profile ?? {};
  if (typeof profile.login !== "string") {
    return validationFailed("login", [{ field: "login", message: "Required field missing" }]);
  }
  if (findUser(org, profile.login) !== undefined) {
    return validationFailed("login", [
      {
        field: "login",
        message: "An object with this field already exists in the current organization",
      },
    ]);
  }
  const now = nowIso(org);
  const active = query.get("activate") !== "false";
  const user = org.state.users.set({
    id: oktaId("00u"),
    status: active ? "ACTIVE" : "STAGED",
    created: now,
    activated: active ? now : null,
    statusChanged: now,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: null,
    type: { id: "otysimdefault0000001" },
    profile,
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
  });
  return ok(userView(org, user));
};

/** Okta's factor id prefixes by type (FactorResponseSms "sms…", EnrollFactorCallResponse "clf…"). */
const FACTOR_PREFIX: Readonly<Record<string, string>> = {
  sms: "sms",
  call: "clf",
  push: "opf",
  email: "emf",
  question: "ufs",
  "token:software:totp": "ost",
};

function factorView(org: Org, userId: string, factor: OktaObject): OktaObject {
  const self = `/api/v1/users/${userId}/factors/${factor.id}`;
  return {
    ...factor,
    _links: {
      self: href(org, self),
      verify: href(org, `${self}/verify`),
      user: href(org, `/api/v1/users/${userId}`),
    },
  };
}

const listFactors: OpHandler = ({ org, params }) => {
  const user = findUser(org, params.userId!);
  if (user === undefined) return notFound(params.userId!, "User");
  const factors = [...(org.state.factors.peek(user.id)?.values() ?? [])];
  return ok(factors.map((f) => factorView(org, user.id, f)));
};

const getFactor: OpHandler = ({ org, params }) => {
  const user = findUser(org, params.userId!);
  const factor = user && org.state.factors.peek(user.id)?.get(params.factorId!);
  return user === undefined || factor === undefined
    ? notFound(params.factorId!, "UserFactor")
    : ok(factorView(org, user.id, factor));
};

const enrollFactor: OpHandler = ({ org, params, body, query }) => {
  const user = findUser(org, params.userId!);
  if (user === undefined) return notFound(params.userId!, "User");
  const request = body as { factorType: string; provider?: string; profile?: unknown };
  const now = nowIso(org);
  const factor = org.state.factors.of(user.id).set({
    id: oktaId(FACTOR_PREFIX[request.factorType] ?? "fac"),
    factorType: request.factorType,
    provider: request.provider ?? "OKTA",
    vendorName: request.provider ?? "OKTA",
    // Enrolled factors wait for activation unless `activate=true` (enrollFactor's parameter).
    status: query.get("activate") === "true" ? "ACTIVE" : "PENDING_ACTIVATION",
    created: now,
    lastUpdated: now,
    ...(request.profile === undefined ? {} : { profile: request.profile }),
  });
  return ok(factorView(org, user.id, factor));
};

const unenrollFactor: OpHandler = ({ org, params }) => {
  const user = findUser(org, params.userId!);
  const factors = user && org.state.factors.peek(user.id);
  if (factors?.get(params.factorId!) === undefined) return notFound(params.factorId!, "UserFactor");
  factors.delete(params.factorId!);
  return noContent;
};

export const userHandlers: Record<string, OpHandler> = {
  getUser,
  listUsers,
  createUser,
  listFactors,
  getFactor,
  enrollFactor,
  unenrollFactor,
};
