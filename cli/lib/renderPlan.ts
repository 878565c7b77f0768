// Renders a plan report as text (terminal) or Markdown (PR comment, job summary). Values in a
// report are already secret-free (see planValue.ts); rendering only shortens them. Markdown comes
// as a summary plus folded sections, so a comment with a size limit can drop whole sections.

import type { Finding } from "../../policy/rules";
import type { ResourceRecord } from "./evaluate";
import { capabilityMarkdown, capabilityText } from "./planCapabilities";
import type { ConnectorPlan, ConnectorResource } from "./planConnectors";
import type { PlanReport, PlanSecret } from "./planReport";
import type { PlanValue } from "./planValue";
import { diffCounts, diffMarkdownTable, diffText, reconfigurationLines } from "./renderDiff";

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
  return [
    r.importId === null ? "" : ` [import ${r.importId}]`,
    r.protect ? " [protect]" : "",
    r.retainOnDelete ? " [retain]" : "",
  ].join("");
}

// The API token import is permanent (connectors.servicenowSpoke.apiTokenId); every other import
// comes from oktaplane:adopt.import and is only needed until the first successful up.
const PERMANENT_IMPORT = "okta:index/apiToken:ApiToken";

/** What `pulumi up` imports instead of creating, and when the adopt map can go. */
function adoptionLines(resources: readonly ResourceRecord[]): string[] {
  const adopted = resources.filter((r) => r.importId !== null && r.type !== PERMANENT_IMPORT);
  if (adopted.length === 0) return [];
  return [
    `Adoption: the next pulumi up imports ${adopted.length} existing Okta object(s) instead of ` +
      "creating them (oktaplane:adopt.import, from npm run adopt; marked [import <id>]).",
    "After that up succeeds, remove oktaplane:adopt.import: the state then holds each object " +
      "(keeping the map is harmless while the ids stay the same). Keep adopt.labels; remove " +
      "adopt.publishedKeys.<app> once the vendor signs with the stack's key (docs/ADOPT.md).",
  ];
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
  return [
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
  ];
}

function policyHeading(findings: readonly Finding[]): string {
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return findings.length === 0
    ? "Policy: no violations"
    : `Policy: ${mandatory} mandatory, ${findings.length - mandatory} advisory`;
}

/** Secrets still to set, as commands; a note where ESC environments may supply them. */
function secretNote(m: PlanSecret): string {
  return m.environments === undefined
    ? ""
    : ` (unless ESC ${m.environments.join(", ")} supplies it: check with --esc-values)`;
}

export function renderText(report: PlanReport): string {
  const diff = report.diff;
  const lines = [
    `oktaplane plan · stack ${report.stack} (${report.environment}) · ${report.orgUrl}`,
    "",
    ...(diff === undefined
      ? [
          `Resources (${report.counts.total})`,
          ...tree(report.resources, (r) =>
            `${r.type}  ${r.name}${flags(r)}  ${summarizeInputs(r.inputs)}`.trimEnd(),
          ),
          "",
        ]
      : diffText(diff)),
    ...adoptionLines(report.resources).flatMap((l, i, all) =>
      i < all.length - 1 ? [`  ${l}`] : [`  ${l}`, ""],
    ),
    `By type (${report.counts.total} resources)`,
    ...Object.entries(report.counts.byType).map(([t, n]) => `  ${String(n).padStart(5)}  ${t}`),
    "",
    ...(diff === undefined
      ? ["Outputs", ...flatten(report.outputs, "", []).map((l) => `  ${l}`), ""]
      : []),
    ...connectorText(report.connectors),
    ...capabilityText(report.customCapabilities),
    `Okta scopes the deploying credential needs (${report.deployerScopes.scopes.length})`,
    ...report.deployerScopes.scopes.map((s) => `  ${s.scope.padEnd(28)} ${s.for.join(", ")}`),
    ...report.deployerScopes.unmapped.map((t) => `  ! no scope known for ${t}`),
    "",
    `Okta scopes a read-only credential needs for previews and drift (${report.readOnlyScopes.scopes.length})`,
    `  ${report.readOnlyScopes.scopes.map((s) => s.scope).join(",") || "none"}`,
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
    ...report.missingSecrets.map(
      (m) => `  ${m.command}   # ${m.requiredBy.join(", ")}${secretNote(m)}`,
    ),
    ...(report.esc !== undefined && report.esc.checked
      ? [`  (ESC supplies: ${report.esc.supplied.join(", ") || "nothing of this project"})`]
      : []),
  ];
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A folded Markdown section: whole, so a size-limited comment can drop it whole. */
export interface MarkdownSection {
  readonly title: string;
  readonly body: string;
}

export interface MarkdownPlan {
  /** What a reviewer must see: counts, replacements, vendor forms, policy, secrets, scopes. */
  readonly summary: string;
  /** Details, most important first. */
  readonly sections: MarkdownSection[];
}

const MAX_SUMMARY_ITEMS = 10;

function capped(items: readonly string[], more: (n: number) => string): string[] {
  return items.length <= MAX_SUMMARY_ITEMS
    ? [...items]
    : [...items.slice(0, MAX_SUMMARY_ITEMS), more(items.length - MAX_SUMMARY_ITEMS)];
}

function folded(title: string, lines: readonly string[]): MarkdownSection {
  return {
    title,
    body: [`<details><summary>${title}</summary>`, "", ...lines, "", "</details>", ""].join("\n"),
  };
}

export function markdownPlan(report: PlanReport): MarkdownPlan {
  const diff = report.diff;
  const mandatory = report.policy.findings.filter((f) => f.enforcementLevel === "mandatory");
  const summary = [
    `### oktaplane plan: \`${report.stack}\` (${report.environment})`,
    "",
    `Org \`${report.orgUrl}\` · **${report.counts.total} resources** · ` +
      `${report.deployerScopes.scopes.length} deployer scopes · ` +
      `${report.policy.findings.length} policy findings · ` +
      `${report.missingSecrets.length} secrets to set`,
    "",
    ...adoptionLines(report.resources).flatMap((l) => [cell(l), ""]),
    ...(diff === undefined
      ? []
      : [
          `**Changes against ${cell(diff.against)}:** ${diffCounts(diff)}`,
          "",
          ...capped(
            diff.replaced.map(
              (r) =>
                `- 🔁 replace \`${r.type}\` \`${cell(r.name)}\`: ${cell(r.reasons.map((x) => x.because).join("; "))}`,
            ),
            (n) => `- …and ${n} more replacements (table below)`,
          ),
          ...reconfigurationLines(diff),
          "",
        ]),
    `**${policyHeading(report.policy.findings)}**` +
      (mandatory.length === 0
        ? ""
        : ": " + [...new Set(mandatory.map((f) => `\`${f.policy}\``))].join(", ")),
    "",
    report.missingSecrets.length === 0
      ? "**Secrets:** all set"
      : `**Secrets to set (${report.missingSecrets.length}):** ` +
        report.missingSecrets.map((m) => `\`${m.key}\`${secretNote(m)}`).join(", "),
    "",
    "**Okta scopes the deploying credential needs:** " +
      (report.deployerScopes.scopes.map((s) => `\`${s.scope}\``).join(", ") || "none"),
    ...report.deployerScopes.unmapped.map((t) => `- ⚠️ no scope known for \`${t}\``),
    "",
  ].join("\n");

  const sections: MarkdownSection[] = [];
  if (diff !== undefined) sections.push(folded("Changes", diffMarkdownTable(diff)));
  if (report.policy.findings.length > 0)
    sections.push(
      folded(`Policy findings (${report.policy.findings.length})`, [
        "| Level | Policy | Resource | Violation | Fix |",
        "| --- | --- | --- | --- | --- |",
        ...report.policy.findings.map(
          (f) =>
            `| ${f.enforcementLevel} | \`${f.policy}\` | \`${cell(f.name)}\` (\`${f.type}\`) | ` +
            `${cell(f.message)} | ${cell(f.remediation)} |`,
        ),
      ]),
    );
  if (report.missingSecrets.length > 0)
    sections.push(
      folded(`Secrets to set (${report.missingSecrets.length})`, [
        "```sh",
        ...report.missingSecrets.map((m) => m.command),
        "```",
      ]),
    );
  sections.push(
    folded(`Deployer scopes (${report.deployerScopes.scopes.length})`, [
      "| Scope | For |",
      "| --- | --- |",
      ...report.deployerScopes.scopes.map(
        (s) => `| \`${s.scope}\` | ${s.for.map((t) => `\`${t}\``).join(", ")} |`,
      ),
      "",
      "**Read-only credential (previews, drift):** " +
        (report.readOnlyScopes.scopes.map((s) => `\`${s.scope}\``).join(", ") || "none"),
    ]),
  );
  if (report.connectors.length > 0)
    sections.push(
      folded("Connectors: resources and manual steps", connectorMarkdown(report.connectors)),
    );
  const custom = report.customCapabilities ?? [];
  if (custom.length > 0)
    sections.push(
      folded(`Custom capabilities (${custom.length})`, capabilityMarkdown(custom).slice(2)),
    );
  sections.push(
    folded(`Resources (${report.counts.total})`, [
      "| Count | Type |",
      "| ---: | --- |",
      ...Object.entries(report.counts.byType).map(([t, n]) => `| ${n} | \`${t}\` |`),
      "",
      "| Type | Name | Key inputs |",
      "| --- | --- | --- |",
      ...report.resources.map(
        (r) =>
          `| \`${r.type}\` | \`${cell(r.name)}\`${flags(r)} | ${cell(summarizeInputs(r.inputs))} |`,
      ),
    ]),
  );
  return { summary, sections };
}

export function renderMarkdown(report: PlanReport): string {
  const { summary, sections } = markdownPlan(report);
  return [summary, ...sections.map((s) => s.body)].join("\n");
}
