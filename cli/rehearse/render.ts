// Renders a rehearsal report as text (terminal) or Markdown (a PR comment, with a Mermaid chart
// of the deploy's Okta calls per rate-limit bucket). `--json` prints the report object itself.

import type { ResourceStep } from "./engineEvents";
import type { BucketCount } from "./oktaCalls";
import type { PhaseReport, RehearseReport } from "./report";
import type { RoundTripStep } from "./roundTrip";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const shortUrn = (urn: string) => urn.split("::").pop() ?? urn;

function stepsText(steps: Readonly<Record<string, number>>): string {
  const parts = Object.entries(steps)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${n} ${op}`);
  return parts.length === 0 ? "no steps" : parts.join(", ");
}

function backoffText(r: RehearseReport): string {
  const { rehearsal, user } = r.settings.backoff;
  const keys = ["minWaitSeconds", "maxWaitSeconds", "requestTimeout", "maxApiCapacity"];
  return keys
    .filter((k, i) => i < 3 || rehearsal[k] !== user[k])
    .map((k) => `${k} ${rehearsal[k]} (yours ${user[k]})`)
    .join(", ");
}

function floorText(r: RehearseReport): string {
  const f = r.okta.realTimeFloor;
  if (f.bucket === null) return "no rate-limited calls";
  const bucket = r.okta.byBucket.find((b) => b.bucket === f.bucket);
  return (
    `${f.seconds.toFixed(1)} s, set by ${f.bucket} (${bucket?.deployCalls ?? 0} calls at ` +
    `${f.capacityPercent} % of ${bucket?.limitPerMinute ?? "?"}/min)`
  );
}

function stepText(name: string, s: RoundTripStep): string {
  return `${s.ok ? "ok" : "FAILED"} ${name}: ${s.detail}`;
}

function roundTripLines(r: RehearseReport): string[] {
  const t = r.roundTrip;
  if (!t.ran) return [`not run: ${t.reason}`];
  return [
    stepText("event hook verification", t.verification),
    stepText("telephony", t.telephony),
    stepText("event feedback", t.feedback),
  ];
}

function diffText(d: ResourceStep): string {
  return `${shortUrn(d.urn)} ${d.op}${d.diffs.length > 0 ? ` [${d.diffs.join(", ")}]` : ""}`;
}

function driftText(r: RehearseReport): string {
  const d = r.drift;
  if (d === null) return "not checked (the up failed)";
  if (d.edit === null) return "not checked: no service app to edit";
  const edit = `console edit of ${d.edit.resource} ${d.edit.field} ${JSON.stringify(d.edit.from)} → ${JSON.stringify(d.edit.to)}`;
  return d.seen
    ? `${edit}: seen by pulumi preview --refresh (${d.changes.map(diffText).join("; ")})`
    : `${edit}: NOT seen by pulumi preview --refresh`;
}

function integrityText(r: RehearseReport): string {
  const i = r.integrity;
  if (i === null) return "not checked (no state to compare)";
  if (i.ok) return `${i.appsInState} apps in the state, no orphaned app, every JWKS as declared`;
  return `${i.orphanedApps.length} orphaned app(s), ${i.keyMismatches.length} key mismatch(es), ${i.pendingOperations.length} pending operation(s)`;
}

function cleanupText(r: RehearseReport): string {
  if (r.kept) return "kept until Ctrl-C, then removed";
  return r.cleanup.map((c) => `${c.name} ${c.ok ? "removed" : `FAILED (${c.error})`}`).join(", ");
}

function timeText(r: RehearseReport): string {
  const { wallMs, engineMs, overheadMs } = r.timing;
  const share =
    engineMs > 0 ? ` (${Math.round((overheadMs / engineMs) * 100)} % of the CLI's time)` : "";
  return `${seconds(wallMs)} total, ${seconds(engineMs)} in the Pulumi CLI, ${seconds(overheadMs)} rehearsal overhead${share}`;
}

function phaseLine(p: PhaseReport): string {
  const status = p.ok ? "ok" : p.faultInjected ? "failed (fault injected)" : "FAILED";
  return `  ${status.padEnd(8)} ${p.name.padEnd(14)} exit ${String(p.exitCode).padEnd(3)} ${stepsText(p.steps).padEnd(34)} ${String(p.oktaCalls).padStart(5)} Okta calls  ${seconds(p.wallMs)}`;
}

function bucketLine(b: BucketCount): string {
  return `  ${b.bucket.padEnd(44)} ${String(b.calls).padStart(6)} ${String(b.deployCalls).padStart(7)} ${String(b.limitPerMinute ?? "?").padStart(10)} ${b.floorSeconds === null ? "?" : `${b.floorSeconds.toFixed(1)} s`}`;
}

export function renderText(r: RehearseReport): string {
  const lines: string[] = [];
  const verdict = r.ok
    ? "PASSED"
    : `FAILED (${r.problems.length} problem${r.problems.length === 1 ? "" : "s"})`;
  lines.push(`Rehearsal of stack ${r.stack}: ${verdict}`);
  lines.push(`  Pulumi ${r.pulumi.version} (${r.pulumi.path})`);
  lines.push(`  deployer scopes (${r.deployer.source}): ${r.deployer.scopes.join(", ")}`);
  lines.push(`  deployer roles: ${r.deployer.roles.join(", ")}`);
  lines.push(
    `  Okta provider backoff: ${backoffText(r)}; simulated clock ×${r.settings.clockScale}`,
  );
  if (r.settings.faults.length > 0)
    lines.push(`  faults injected: ${r.settings.faults.join(", ")}`);
  if (r.settings.withheldEnv.length > 0)
    lines.push(`  withheld from the Pulumi CLI: ${r.settings.withheldEnv.join(", ")}`);
  lines.push("", "Phases");
  lines.push(...r.phases.map(phaseLine));
  for (const p of r.phases) {
    for (const f of p.failures) lines.push(`    ${p.name}: ${shortUrn(f.urn)}: ${f.message}`);
    for (const e of p.errors) lines.push(`    ${p.name}: ${e}`);
    for (const v of p.policy)
      lines.push(`    ${p.name}: policy ${v.policy} (${v.level}): ${v.message}`);
  }
  lines.push("");
  const types = Object.entries(r.resources.byType).map(([t, n]) => `${t} ${n}`);
  lines.push(`Resources: ${r.resources.total}${types.length > 0 ? ` (${types.join(", ")})` : ""}`);
  lines.push(
    `  protected: ${r.resources.protected.length === 0 ? "none" : r.resources.protected.map(shortUrn).join(", ")} ` +
      `(unprotected in the temporary stack before destroy; your real stack keeps them)`,
  );
  lines.push(
    `  retained on delete: ${r.resources.retained.length === 0 ? "none" : r.resources.retained.map(shortUrn).join(", ")}`,
  );
  lines.push("", `Okta calls: ${r.okta.total}`);
  lines.push(`  ${"operation".padEnd(44)} ${"calls".padStart(6)}  statuses`);
  for (const o of r.okta.byOperation) {
    const statuses = Object.entries(o.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    lines.push(`  ${o.operation.padEnd(44)} ${String(o.calls).padStart(6)}  ${statuses}`);
  }
  lines.push(
    "",
    `  ${"rate-limit bucket".padEnd(44)} ${"calls".padStart(6)} ${"deploy".padStart(7)} ${"limit/min".padStart(10)} real-time need`,
  );
  lines.push(...r.okta.byBucket.map(bucketLine));
  lines.push(`  real-time floor of this deploy under the org's limits: ${floorText(r)}`);
  lines.push(
    `  403s: ${r.okta.forbidden.length === 0 ? "none" : ""}`,
    ...r.okta.forbidden.map(
      (c) =>
        `    ${c.phase}: ${c.operation} (${c.method} ${c.path}) by ${c.caller}: missing ${c.missingScope ?? "?"}`,
    ),
  );
  lines.push(
    `  429s: ${r.okta.rateLimited.length === 0 ? "none" : ""}`,
    ...r.okta.rateLimited.map(
      (c) => `    ${c.phase}: ${c.operation} (${c.bucket ?? "?"}) by ${c.caller} at ${c.at}`,
    ),
  );
  if (r.okta.gaps.length > 0)
    lines.push(
      "  requests Okta's spec does not describe:",
      ...r.okta.gaps.map((g) => `    ${g.request} ×${g.calls}`),
    );
  lines.push("");
  lines.push(
    `Second preview: ${r.permaDiffs.length === 0 ? (r.phases.some((p) => p.name === "preview") ? "empty" : "not run") : `perma-diffs: ${r.permaDiffs.map(diffText).join("; ")}`}`,
  );
  lines.push(`Drift: ${driftText(r)}`);
  lines.push("Hook round trip:", ...roundTripLines(r).map((l) => `  ${l}`));
  lines.push(`Integrity: ${integrityText(r)}`);
  lines.push(`Cleanup: ${cleanupText(r)}`);
  lines.push(`Time: ${timeText(r)}`);
  if (r.problems.length > 0) lines.push("", "Problems", ...r.problems.map((p) => `  - ${p}`));
  return lines.join("\n") + "\n";
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(r: RehearseReport): string {
  const out: string[] = [];
  out.push(
    `### Rehearsal of \`${r.stack}\`: ${r.ok ? "passed" : `**failed** (${r.problems.length})`}`,
  );
  out.push("");
  out.push(
    `Pulumi ${r.pulumi.version} against the Okta, Cloudflare and Twilio simulators · deployer scopes (${r.deployer.source}): ` +
      r.deployer.scopes.map((s) => `\`${s}\``).join(", "),
  );
  out.push("");
  if (r.problems.length > 0) {
    out.push("**Problems**", "", ...r.problems.map((p) => `- ${cell(p)}`), "");
  }
  out.push("| phase | result | steps | Okta calls | time |", "|---|---|---|---:|---:|");
  for (const p of r.phases)
    out.push(
      `| ${p.name} | ${p.ok ? "ok" : p.faultInjected ? "failed (fault injected)" : "**failed**"} | ${stepsText(p.steps)} | ${p.oktaCalls} | ${seconds(p.wallMs)} |`,
    );
  out.push("");
  out.push(
    `**Okta calls per rate-limit bucket** (real-time floor of the deploy: ${cell(floorText(r))})`,
    "",
  );
  out.push("| bucket | calls | deploy | limit/min | real-time need |", "|---|---:|---:|---:|---:|");
  for (const b of r.okta.byBucket)
    out.push(
      `| \`${cell(b.bucket)}\` | ${b.calls} | ${b.deployCalls} | ${b.limitPerMinute ?? "?"} | ${b.floorSeconds === null ? "?" : `${b.floorSeconds.toFixed(1)} s`} |`,
    );
  const charted = r.okta.byBucket.filter((b) => b.deployCalls > 0);
  if (charted.length > 0) {
    out.push("", "```mermaid", "pie showData title Okta calls of the deploy per rate-limit bucket");
    for (const b of charted) out.push(`  "${b.bucket.replace(/"/g, "'")}" : ${b.deployCalls}`);
    out.push("```");
  }
  out.push("");
  out.push("<details><summary>Okta calls per operation</summary>", "");
  out.push("| operation | calls | statuses |", "|---|---:|---|");
  for (const o of r.okta.byOperation)
    out.push(
      `| \`${o.operation}\` | ${o.calls} | ${Object.entries(o.statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")} |`,
    );
  out.push("", "</details>", "");
  out.push(
    `- **403s:** ${r.okta.forbidden.length === 0 ? "none" : r.okta.forbidden.map((c) => `\`${c.operation}\` missing \`${c.missingScope ?? "?"}\``).join(", ")}`,
  );
  out.push(
    `- **429s:** ${r.okta.rateLimited.length === 0 ? "none" : `${r.okta.rateLimited.length} (${[...new Set(r.okta.rateLimited.map((c) => c.operation))].join(", ")})`}`,
  );
  out.push(
    `- **Second preview:** ${r.permaDiffs.length === 0 ? "empty" : cell(r.permaDiffs.map(diffText).join("; "))}`,
  );
  out.push(`- **Drift:** ${cell(driftText(r))}`);
  out.push(`- **Hook round trip:** ${cell(roundTripLines(r).join("; "))}`);
  out.push(`- **Integrity:** ${cell(integrityText(r))}`);
  out.push(`- **Time:** ${timeText(r)}`);
  return out.join("\n") + "\n";
}
