// Turns token results into the per-app verify report (granted vs declared scopes, explained
// errors) and renders it as aligned text or JSON. Reports hold no secret by construction.

import type { ServiceAppOutput } from "../../components/outputs";
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

/** Builds one app's report; the access token in a grant is deliberately not copied. */
export function buildAppReport(
  key: string,
  app: Pick<ServiceAppOutput, "clientId" | "scopes" | "requireDpop">,
  result: TokenResult,
): AppReport {
  const base = {
    app: key,
    clientId: app.clientId,
    requireDpop: app.requireDpop,
    dpopNonceRetried: result.dpopNonceRetried,
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
  return {
    ...base,
    status: mismatch ? "fail" : "ok",
    tokenType: result.tokenType,
    ...(result.expiresIn !== undefined ? { expiresIn: result.expiresIn } : {}),
    scopes,
    ...(mismatch
      ? {
          error: {
            code: SCOPE_MISMATCH,
            meaning: "A token was issued, but its scopes differ from the declared ones",
            remediation: scopeRemediation(scopes),
          },
        }
      : {}),
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
  reports.forEach((r, i) => {
    out.push(line(rows[i]!));
    out.push(...detailLines(r).map((d) => `    ${d}`));
  });
  const failed = reports.filter((r) => r.status !== "ok").length;
  out.push("", `${reports.length} app(s): ${reports.length - failed} ok, ${failed} failed`);
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

function detailLines(r: AppReport): string[] {
  const lines: string[] = [];
  if (r.scopes.missing.length > 0) lines.push(`missing scopes: ${r.scopes.missing.join(" ")}`);
  if (r.scopes.extra.length > 0) lines.push(`extra scopes:   ${r.scopes.extra.join(" ")}`);
  if (r.tokenType !== undefined && r.scopes.granted === undefined) {
    lines.push("granted scopes: not reported by the server");
  }
  if (r.error) {
    lines.push(`meaning: ${r.error.meaning}`, `fix:     ${r.error.remediation}`);
    if (r.error.description !== undefined) {
      const status = r.error.httpStatus === undefined ? "" : `HTTP ${r.error.httpStatus}, `;
      lines.push(`server:  ${status}${JSON.stringify(r.error.description)}`);
    }
  }
  return lines;
}
