// Who is calling a Management API operation, and may they: `SSWS <api token>` acts with its
// admin's roles; `Bearer <token>` and `DPoP <token>` + proof carry the scopes the org AS granted,
// and the client's admin role assignments; the operation's spec `security` decides.
import type { SpecOperation } from "../../spec/oktaOperations";
import { rolesAllow } from "./adminRoles";
import { oauthError, oktaError, type OktaError } from "./errors";
import type { Caller, Org } from "./org";

export interface AuthRequest {
  readonly authorization?: string;
  readonly dpop?: string;
  readonly method: string;
  /** Path without query. */
  readonly path: string;
}

export type AuthResult =
  | { readonly ok: true; readonly caller: Caller; readonly scope?: string }
  | {
      readonly ok: false;
      readonly error: OktaError;
      /** Who asked, when known (for the recorder). */
      readonly caller?: string;
      /** The scope the caller lacked. */
      readonly missingScope?: string;
      /** The scope the caller held when its admin roles, not its token, fell short. */
      readonly scope?: string;
    };

/** Okta's 401 for a missing, unknown or expired credential (fixtures/okta-api-error-E0000011…). */
export const invalidToken = (): OktaError =>
  oktaError("E0000011", { headers: { "www-authenticate": 'SSWS realm="okta"' } });

/** The standard and custom roles a client's assignments give it (`/oauth2/v1/clients/{id}/roles`). */
export function clientRoleHolder(
  org: Org,
  clientId: string,
): Pick<Caller, "roles" | "permissions"> {
  const roles: string[] = [];
  const permissions: string[] = [];
  for (const assignment of org.state.clientRoles.peek(clientId)?.values() ?? []) {
    if (assignment.type === "CUSTOM") {
      const roleId = String(assignment.role ?? "");
      for (const p of org.state.rolePermissions.peek(roleId)?.values() ?? []) {
        permissions.push(String(p.label ?? p.id));
      }
    } else {
      roles.push(String(assignment.type));
    }
  }
  return { roles, permissions };
}

async function identify(org: Org, req: AuthRequest): Promise<AuthResult> {
  const header = req.authorization ?? "";
  const space = header.indexOf(" ");
  const scheme = space === -1 ? header : header.slice(0, space);
  const value = space === -1 ? "" : header.slice(space + 1).trim();
  if (scheme === "SSWS" && value !== "") {
    const secret = org.state.sswsSecrets.get(value);
    const token = secret === undefined ? undefined : org.state.apiTokens.get(secret.tokenId);
    if (secret === undefined || token === undefined) return { ok: false, error: invalidToken() };
    return {
      ok: true,
      caller: {
        kind: "ssws",
        id: String(token.name ?? token.id),
        roles: secret.roles,
        permissions: [],
        tokenId: token.id,
      },
    };
  }
  if ((scheme === "Bearer" || scheme === "DPoP") && value !== "") {
    const token = org.tokens.lookup(value);
    if (token === undefined) return { ok: false, error: invalidToken() };
    // ERRCAT: a DPoP-bound token must come with the DPoP scheme and a proof that hashes it.
    if (token.jkt !== undefined) {
      if (scheme !== "DPoP") {
        return {
          ok: false,
          error: oauthError("dpop_authentication_scheme_required"),
          caller: token.clientId,
        };
      }
      if (req.dpop === undefined) {
        return {
          ok: false,
          error: oauthError("dpop_proof_required_for_token"),
          caller: token.clientId,
        };
      }
      const proof = await org.dpop.verify(req.dpop, {
        method: req.method,
        url: `${org.orgUrls[0]}${req.path}`,
        accessToken: value,
      });
      const proofAlt =
        !proof.ok && proof.code === "invalid_dpop_proof_invalid_htu" && org.orgUrls.length > 1
          ? await org.dpop.verify(req.dpop, {
              method: req.method,
              url: `${org.orgUrls[1]}${req.path}`,
              accessToken: value,
            })
          : proof;
      if (!proofAlt.ok)
        return { ok: false, error: oauthError(proofAlt.code), caller: token.clientId };
      if (proofAlt.jkt !== token.jkt) {
        return {
          ok: false,
          error: oauthError("invalid_access_token_dpop_binding"),
          caller: token.clientId,
        };
      }
    } else if (scheme === "DPoP") {
      return {
        ok: false,
        error: oauthError("access_token_not_dpop_bound"),
        caller: token.clientId,
      };
    }
    const holder = token.roles
      ? { roles: token.roles, permissions: [] }
      : clientRoleHolder(org, token.clientId);
    return {
      ok: true,
      caller: { kind: "oauth", id: token.clientId, scopes: token.scopes, ...holder },
    };
  }
  return { ok: false, error: invalidToken() };
}

/**
 * Authenticates the request and checks it against the operation: an OAuth token must hold one of
 * the operation's scopes, an SSWS token needs an operation that accepts API tokens, and either
 * caller's admin roles must cover the scope; else 403 E0000006 naming the missing scope.
 */
export async function authorize(
  org: Org,
  op: SpecOperation,
  req: AuthRequest,
): Promise<AuthResult> {
  const who = await identify(org, req);
  if (!who.ok) return who;
  const { caller } = who;
  /** 403 for a scope the token lacks (`missingScope`) or roles that fall short of `scope`. */
  const denied = (missingScope: string | undefined, scope?: string): AuthResult => ({
    ok: false,
    caller: caller.id,
    ...(missingScope === undefined ? {} : { missingScope }),
    ...(scope === undefined ? {} : { scope }),
    error: oktaError("E0000006", {
      headers:
        missingScope === undefined
          ? {}
          : {
              // What Okta adds for a token without the scope (seen in Okta's developer forum).
              "www-authenticate": `Bearer realm="IdpMyAccountAPI", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.path}"`,
            },
    }),
  });
  // An operation with no documented scope (the org metadata) needs no credential at all; the
  // caller here authenticated anyway.
  if (op.scopes.length === 0) return { ok: true, caller };
  if (caller.kind === "ssws") {
    // SSWS is not scoped: the admin's roles decide; an OAuth-only operation refuses it.
    if (!op.ssws) return denied(undefined, op.scopes[0]);
    const scope = op.scopes.find((s) => rolesAllow(caller, s));
    return scope === undefined ? denied(undefined, op.scopes[0]) : { ok: true, caller, scope };
  }
  const held = op.scopes.find((s) => caller.scopes?.includes(s));
  if (held === undefined) return denied(op.scopes[0]);
  if (!rolesAllow(caller, held)) return denied(undefined, held);
  return { ok: true, caller, scope: held };
}
