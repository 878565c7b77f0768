// Renders a plan report as text (terminal) or Markdown (PR comment). Values in a report are
// already secret-free (see planValue.ts); rendering only shortens them.

import type { Finding } from "../../policy/rules";
import type { ResourceRecord } from "./evaluate";
import { capabilityMarkdown, capabilityText } from "./planCapabilities";
import type { ConnectorPlan, ConnectorResource } from "./planConnectors";
import type { PlanReport } from "./planReport";
import type { PlanValue } from "./planValue";

const MAX_VALUE = 60;
const MAX_INPUTS = 8;

/** `key=value` pairs of a resource's inputs, shortened for one line. */
export function summarizeInputs(inputs: Record<string, PlanValue>): string {
  const pairs = Object.entries(inputs)
    .filter(([k, v]) => v !== null && !k.startsWith("__"))
    .map(([k, v]) => `${k}=${shorten(v)}`);
  const extra = pairs.length > MAX_INPUTS ? ` …+${pairs.length - MAX_INPUTS}` : "";
  return pairs.slice(0, MAX_INPUTS).join(" ") + extra;
}

function shorten(v: PlanValue): string {
  if (typeof v === "string" && v.length > MAX_VALUE) return `<${v.length} chars>`;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Resources as an indented tree by parent, in registration order. */
function tree(resources: readonly ResourceRecord[], line: (r: ResourceRecord) => string): string[] {
  const children = new Map<string | null, ResourceRecord[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = r.parent !== null && urns.has(r.parent) ? r.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: string[] = [];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      const branch = parent === null ? "" : last ? "└─ " : "├─ ";
      out.push(`${prefix}${branch}${line(r)}`);
      walk(r.urn, parent === null ? prefix : prefix + (last ? "   " : "│  "));
    });
  };
  walk(null, "  ");
  return out;
}

/** Dotted paths of an outputs object, with leaf values shortened. */
function flatten(value: PlanValue, prefix: string, out: string[]): string[] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push(`${prefix}: ${shorten(value)}`);
  }
  return out;
}

function flags(r: ResourceRecord): string {
  return [r.protect ? " [protect]" : "", r.retainOnDelete ? " [retain]" : ""].join("");
}

const listed = (rs: readonly ConnectorResource[]) =>
  rs.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`);

/** Per connector: what it adds, what it shares, what stays manual (nothing when none enabled). */
function connectorText(connectors: readonly ConnectorPlan[]): string[] {
  if (connectors.length === 0) return [];
  return [
    `Connectors (${connectors.length})`,
    ...connectors.flatMap((c) => [
      `  ${c.id} · ${c.title}`,
      ...(c.resources.length === 0
        ? ["    adds: nothing declared yet (see docs/CONNECTORS.md)"]
        : listed(c.resources).map((r) => `    adds    ${r}`)),
      ...listed(c.shared).map((r) => `    shares  ${r}`),
      ...c.manualSteps.map((m, i) => `    manual ${i + 1}. ${m}`),
    ]),
    "",
  ];
}

function connectorMarkdown(connectors: readonly ConnectorPlan[]): string[] {
  if (connectors.length === 0) return [];
  return [
    "<details><summary>Connectors: resources and manual steps</summary>",
    "",
    ...connectors.flatMap((c) => [
      `**\`${c.id}\`** · ${cell(c.title)}`,
      "",
      ...(c.resources.length === 0
        ? ["- adds nothing declared yet"]
        : listed(c.resources).map((r) => `- adds \`${r}\``)),
      ...listed(c.shared).map((r) => `- shares \`${r}\``),
      ...c.manualSteps.map((m) => `- [ ] ${cell(m)}`),
      "",
    ]),
    "</details>",
    "",
  ];
}

function policyHeading(findings: readonly Finding[]): string {
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return findings.length === 0
    ? "Policy: no violations"
    : `Policy: ${mandatory} mandatory, ${findings.length - mandatory} advisory`;
}

export function renderText(report: PlanReport): string {
  const lines = [
    `oktaplane plan · stack ${report.stack} (${report.environment}) · ${report.orgUrl}`,
    "",
    `Resources (${report.counts.total})`,
    ...tree(report.resources, (r) =>
      `${r.type}  ${r.name}${flags(r)}  ${summarizeInputs(r.inputs)}`.trimEnd(),
    ),
    "",
    "By type",
    ...Object.entries(report.counts.byType).map(([t, n]) => `  ${String(n).padStart(5)}  ${t}`),
    "",
    "Outputs",
    ...flatten(report.outputs, "", []).map((l) => `  ${l}`),
    "",
    ...connectorText(report.connectors),
    ...capabilityText(report.customCapabilities),
    `Okta scopes the deploying credential needs (${report.deployerScopes.scopes.length})`,
    ...report.deployerScopes.scopes.map((s) => `  ${s.scope.padEnd(28)} ${s.for.join(", ")}`),
    ...report.deployerScopes.unmapped.map((t) => `  ! no scope known for ${t}`),
    "",
    policyHeading(report.policy.findings),
    ...report.policy.findings.flatMap((f) => [
      `  ${f.enforcementLevel === "mandatory" ? "✗" : "!"} ${f.policy}  ${f.type}  ${f.name}: ${f.message}`,
      `      fix: ${f.remediation}`,
    ]),
    "",
    report.missingSecrets.length === 0
      ? "Secrets: all set"
      : `Secrets to set (${report.missingSecrets.length})`,
    ...report.missingSecrets.map((m) => `  ${m.command}   # ${m.requiredBy.join(", ")}`),
  ];
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(report: PlanReport): string {
  const resourceRows = report.resources.map(
    (r) =>
      `| \`${r.type}\` | \`${cell(r.name)}\`${flags(r)} | ${cell(summarizeInputs(r.inputs))} |`,
  );
  const lines = [
    `### oktaplane plan: \`${report.stack}\` (${report.environment})`,
    "",
    `Org \`${report.orgUrl}\` · **${report.counts.total} resources** · ` +
      `${report.deployerScopes.scopes.length} deployer scopes · ` +
      `${report.policy.findings.length} policy findings · ` +
      `${report.missingSecrets.length} secrets to set`,
    "",
    "| Count | Type |",
    "| ---: | --- |",
    ...Object.entries(report.counts.byType).map(([t, n]) => `| ${n} | \`${t}\` |`),
    "",
    "<details><summary>Resources</summary>",
    "",
    "| Type | Name | Key inputs |",
    "| --- | --- | --- |",
    ...resourceRows,
    "",
    "</details>",
    "",
    ...connectorMarkdown(report.connectors),
    ...capabilityMarkdown(report.customCapabilities),
    "**Okta scopes the deploying credential needs:** " +
      (report.deployerScopes.scopes.map((s) => `\`${s.scope}\``).join(", ") || "none"),
    ...report.deployerScopes.unmapped.map((t) => `- ⚠️ no scope known for \`${t}\``),
    "",
    `**${policyHeading(report.policy.findings)}**`,
    ...(report.policy.findings.length === 0
      ? []
      : [
          "",
          "| Level | Policy | Resource | Violation | Fix |",
          "| --- | --- | --- | --- | --- |",
          ...report.policy.findings.map(
            (f) =>
              `| ${f.enforcementLevel} | \`${f.policy}\` | \`${cell(f.name)}\` (\`${f.type}\`) | ` +
              `${cell(f.message)} | ${cell(f.remediation)} |`,
          ),
        ]),
    "",
    ...(report.missingSecrets.length === 0
      ? ["**Secrets:** all set"]
      : [
          "**Secrets to set:**",
          "",
          "```sh",
          ...report.missingSecrets.map((m) => m.command),
          "```",
        ]),
  ];
  return lines.join("\n") + "\n";
}
