// API tokens (/api/v1/api-tokens): PROVIDERS.md okta.ApiToken — import only; PUT updates the name
// and network; delete revokes the token, after which its SSWS value stops working.
import { notFound, oktaError } from "./errors";
import { href, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import type { OktaObject } from "./state";

function tokenView(org: Org, token: OktaObject): OktaObject {
  // The spec names the links property `_link` (ApiToken schema).
  return { ...token, _link: { self: href(org, `/api/v1/api-tokens/${token.id}`) } };
}

function revoke(org: Org, tokenId: string): void {
  org.state.apiTokens.delete(tokenId);
  for (const [value, secret] of org.state.sswsSecrets) {
    if (secret.tokenId === tokenId) org.state.sswsSecrets.delete(value);
  }
}

const listApiTokens: OpHandler = ({ org }) =>
  ok([...org.state.apiTokens.values()].map((t) => tokenView(org, t)));

const getApiToken: OpHandler = ({ org, params }) => {
  const token = org.state.apiTokens.get(params.apiTokenId!);
  return token === undefined ? notFound(params.apiTokenId!, "ApiToken") : ok(tokenView(org, token));
};

const upsertApiToken: OpHandler = ({ org, params, body }) => {
  const token = org.state.apiTokens.get(params.apiTokenId!);
  if (token === undefined) return notFound(params.apiTokenId!, "ApiToken");
  const { name, network, userId } = body as { name?: string; network?: unknown; userId?: string };
  const next = org.state.apiTokens.set({
    ...token,
    ...(name === undefined ? {} : { name }),
    ...(network === undefined ? {} : { network }),
    ...(userId === undefined ? {} : { userId }),
    lastUpdated: nowIso(org),
  });
  return ok(tokenView(org, next));
};

const revokeApiToken: OpHandler = ({ org, params }) => {
  if (!org.state.apiTokens.has(params.apiTokenId!)) return notFound(params.apiTokenId!, "ApiToken");
  revoke(org, params.apiTokenId!);
  return noContent;
};

const revokeCurrentApiToken: OpHandler = ({ org, caller }) => {
  // Only an API token has a "current" token to revoke.
  if (caller.tokenId === undefined) return oktaError("E0000006");
  revoke(org, caller.tokenId);
  return noContent;
};

export const apiTokenHandlers: Record<string, OpHandler> = {
  listApiTokens,
  getApiToken,
  upsertApiToken,
  revokeApiToken,
  revokeCurrentApiToken,
};
