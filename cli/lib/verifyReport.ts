// Turns token results into the per-app verify report (granted vs declared scopes, explained
// errors) and renders it as aligned text or JSON. Reports hold no secret by construction.

import type { ServiceAppOutput } from "../../components/outputs";
import type { LiveDpop } from "./liveDpop";
import { explainTokenError, type ErrorExplanation } from "./oktaErrors";
import type { TokenResult } from "./tokenRequest";

export interface ScopeComparison {
  readonly declared: readonly string[];
  /** Undefined when the token response carried no `scope`. */
  readonly granted?: readonly string[];
  /** Declared but not granted. */
  readonly missing: readonly string[];
  /** Granted but not declared. */
  readonly extra: readonly string[];
}

export interface AppReport {
  readonly app: string;
  readonly clientId: string;
  readonly status: "ok" | "fail";
  readonly requireDpop: boolean;
  readonly dpopNonceRetried: boolean;
  readonly tokenType?: string;
  readonly expiresIn?: number;
  readonly scopes: ScopeComparison;
  /** Okta's own flag for the app, when verify could read it (cli/lib/liveDpop.ts). */
  readonly liveDpop?: LiveDpop;
  readonly error?: ErrorExplanation & {
    /** The server's error_description, verbatim (masked if it looked like a secret). */
    readonly description?: string;
    readonly httpStatus?: number;
  };
}

/** Compares the scopes a token carries with those the stack declares. */
export function compareScopes(
  declared: readonly string[],
  granted: readonly string[] | undefined,
): ScopeComparison {
  const sortedDeclared = [...new Set(declared)].sort();
  if (granted === undefined) return { declared: sortedDeclared, missing: [], extra: [] };
  const grantedSet = new Set(granted);
  const declaredSet = new Set(declared);
  return {
    declared: sortedDeclared,
    granted: [...grantedSet].sort(),
    missing: sortedDeclared.filter((s) => !grantedSet.has(s)),
    extra: [...grantedSet].filter((s) => !declaredSet.has(s)).sort(),
  };
}

const SCOPE_MISMATCH = "scope_mismatch";

/**
 * What to do when Okta's DPoP flag is not the declared one. Okta's spec says a DPoP-bound client
 * cannot use client_credentials, the Admin Console requires DPoP by default: docs/DPOP.md.
 */
const DPOP_FIX =
  "Run pulumi up: the app's DPoP setting reads the live flag and sets it again. If that fails " +
  "with DPOP_REFUSED, this org will not require DPoP for a client_credentials app (as Okta's " +
  "spec says): set requireDpop: false for the app and pulumi up (docs/DPOP.md)";

/** A DPoP problem the token or Okta's flag shows, when the token request itself succeeded. */
function dpopProblem(
  app: Pick<ServiceAppOutput, "requireDpop">,
  result: TokenResult,
  live: LiveDpop | undefined,
): ErrorExplanation | undefined {
  if (live?.checked === true && live.required !== app.requireDpop) {
    return {
      code: "dpop_mismatch",
      meaning: `Okta has Require DPoP ${live.required ? "on" : "off"} for this app; the stack declares ${app.requireDpop ? "on" : "off"}`,
      remediation: DPOP_FIX,
    };
  }
  if (result.ok && app.requireDpop && result.tokenType.toLowerCase() === "bearer") {
    return {
      code: "dpop_not_bound",
      meaning:
        "Okta issued a Bearer token to a request with a DPoP proof: the app does not require DPoP in Okta",
      remediation: DPOP_FIX,
    };
  }
  return undefined;
}

/** Builds one app's report; the access token in a grant is deliberately not copied. */
export function buildAppReport(
  key: string,
  app: Pick<ServiceAppOutput, "clientId" | "scopes" | "requireDpop">,
  result: TokenResult,
  live?: LiveDpop,
): AppReport {
  const base = {
    app: key,
    clientId: app.clientId,
    requireDpop: app.requireDpop,
    dpopNonceRetried: result.dpopNonceRetried,
    ...(live === undefined ? {} : { liveDpop: live }),
  };
  if (!result.ok) {
    return {
      ...base,
      status: "fail",
      scopes: compareScopes(app.scopes, undefined),
      error: {
        ...explainTokenError(result.error, result.errorDescription),
        ...(result.errorDescription !== undefined ? { description: result.errorDescription } : {}),
        ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
      },
    };
  }
  const scopes = compareScopes(app.scopes, result.grantedScopes);
  const mismatch = scopes.missing.length > 0 || scopes.extra.length > 0;
  const dpop = dpopProblem(app, result, live);
  const error: ErrorExplanation | undefined =
    dpop ??
    (mismatch
      ? {
          code: SCOPE_MISMATCH,
          meaning: "A token was issued, but its scopes differ from the declared ones",
          remediation: scopeRemediation(scopes),
        }
      : undefined);
  return {
    ...base,
    status: error === undefined ? "ok" : "fail",
    tokenType: result.tokenType,
    ...(result.expiresIn !== undefined ? { expiresIn: result.expiresIn } : {}),
    scopes,
    ...(error === undefined ? {} : { error }),
  };
}

function scopeRemediation(scopes: ScopeComparison): string {
  const fixes: string[] = [];
  if (scopes.missing.length > 0) {
    fixes.push("grant the missing scopes (pulumi up; the deployer needs okta.appGrants.manage)");
  }
  if (scopes.extra.length > 0) {
    fixes.push("declare the extra scopes in the stack, or revoke them from the app");
  }
  const text = fixes.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The --json document. */
export function reportJson(reports: readonly AppReport[]): {
  ok: boolean;
  apps: readonly AppReport[];
} {
  return { ok: reports.every((r) => r.status === "ok"), apps: reports };
}

/** Aligned text: one row per app, then indented detail lines for failures and scope drift. */
export function formatReportText(reports: readonly AppReport[]): string {
  const header = ["APP", "CLIENT ID", "RESULT", "TOKEN", "SCOPES"];
  const rows = reports.map((r) => [
    r.app,
    r.clientId,
    r.status === "ok" ? "OK" : "FAIL",
    tokenCell(r),
    scopeCell(r.scopes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(header)];
  // The same reason for every app (typically: no management credential) is said once, at the end.
  const reasons = new Set(
    reports.map((r) => (r.liveDpop?.checked === false ? r.liveDpop.reason : "")),
  );
  const sharedReason = reasons.size === 1 && !reasons.has("") ? [...reasons][0] : undefined;
  reports.forEach((r, i) => {
    out.push(line(rows[i]!));
    out.push(...detailLines(r, sharedReason).map((d) => `    ${d}`));
  });
  const failed = reports.filter((r) => r.status !== "ok").length;
  out.push("", `${reports.length} app(s): ${reports.length - failed} ok, ${failed} failed`);
  if (sharedReason !== undefined) out.push(`live DPoP flags not checked: ${sharedReason}`);
  return `${out.join("\n")}\n`;
}

function tokenCell(r: AppReport): string {
  if (r.tokenType === undefined) {
    return r.error ? `${r.error.code}${r.error.subcase ? ` (${r.error.subcase})` : ""}` : "-";
  }
  const life = r.expiresIn === undefined ? "" : ` ${r.expiresIn}s`;
  return `${r.tokenType}${life}${r.dpopNonceRetried ? " (after DPoP nonce)" : ""}`;
}

function scopeCell(s: ScopeComparison): string {
  if (s.granted === undefined) return `${s.declared.length} declared`;
  return `${s.granted.length - s.extra.length}/${s.declared.length} granted`;
}

function detailLines(r: AppReport, sharedReason: string | undefined): string[] {
  const lines: string[] = [];
  if (r.scopes.missing.length > 0) lines.push(`missing scopes: ${r.scopes.missing.join(" ")}`);
  if (r.scopes.extra.length > 0) lines.push(`extra scopes:   ${r.scopes.extra.join(" ")}`);
  if (r.tokenType !== undefined && r.scopes.granted === undefined) {
    lines.push("granted scopes: not reported by the server");
  }
  if (
    r.liveDpop?.checked === true &&
    r.liveDpop.required !== r.requireDpop &&
    r.tokenType === undefined
  )
    lines.push(
      `live DPoP: Okta has it ${r.liveDpop.required ? "on" : "off"}, the stack ${r.requireDpop ? "on" : "off"}`,
    );
  if (r.liveDpop?.checked === false && r.liveDpop.reason !== sharedReason)
    lines.push(`live DPoP: not checked: ${r.liveDpop.reason}`);
  if (r.error) {
    lines.push(`meaning: ${r.error.meaning}`, `fix:     ${r.error.remediation}`);
    if (r.error.description !== undefined) {
      const status = r.error.httpStatus === undefined ? "" : `HTTP ${r.error.httpStatus}, `;
      lines.push(`server:  ${status}${JSON.stringify(r.error.description)}`);
    }
  }
  return lines;
}
