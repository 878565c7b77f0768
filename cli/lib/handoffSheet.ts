// Renders one connector bundle as the sheet a person copies into the vendor's form: text,
// Markdown or JSON, fields in the form's order and wording, secret values masked unless asked.

import type { BundleField, ConnectorBundle } from "../../components/outputs";

/** What a masked secret shows: fixed, so nothing about the value (not even its length) leaks. */
export const MASK = "••••••••";

export interface SheetOptions {
  /** Where the outputs came from, for the heading (`stack prod` or a file path). */
  readonly source: string;
  readonly showSecrets: boolean;
}

/** The bundle with secret values replaced by MASK unless secrets are shown. */
export function maskBundle(bundle: ConnectorBundle, showSecrets: boolean): ConnectorBundle {
  if (showSecrets) return bundle;
  return { ...bundle, fields: bundle.fields.map((f) => (f.secret ? { ...f, value: MASK } : f)) };
}

/** Fields grouped by form, in first-seen order (a bundle without forms is one group). */
function byForm(fields: readonly BundleField[]): [string | undefined, BundleField[]][] {
  const groups: [string | undefined, BundleField[]][] = [];
  for (const f of fields) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0] === f.form) last[1].push(f);
    else groups.push([f.form, [f]]);
  }
  return groups;
}

function secretNote(bundle: ConnectorBundle, options: SheetOptions): string {
  const n = bundle.fields.filter((f) => f.secret).length;
  if (n === 0) return "no secrets";
  return options.showSecrets
    ? `${n} secret${n === 1 ? "" : "s"} SHOWN`
    : `${n} secret${n === 1 ? "" : "s"} masked (--show-secrets reveals)`;
}

export function renderSheetText(raw: ConnectorBundle, options: SheetOptions): string {
  const bundle = maskBundle(raw, options.showSecrets);
  const width = Math.max(0, ...bundle.fields.map((f) => f.name.length)) + 2;
  const lines = [
    bundle.title,
    `${options.source} · connector ${bundle.connector} · ${secretNote(bundle, options)}`,
  ];
  for (const [form, fields] of byForm(bundle.fields)) {
    lines.push("", ...(form === undefined ? [] : [form]));
    for (const f of fields) {
      const [first = "", ...rest] = f.value.replace(/\n$/, "").split("\n");
      lines.push(`  ${f.name.padEnd(width)}${first}`.trimEnd());
      for (const line of rest) lines.push(`  ${" ".repeat(width)}${line}`.trimEnd());
    }
  }
  if (bundle.manualSteps.length > 0) {
    lines.push("", "Still manual");
    bundle.manualSteps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  }
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n$/, "").replace(/\r?\n/g, "<br>");

export function renderSheetMarkdown(raw: ConnectorBundle, options: SheetOptions): string {
  const bundle = maskBundle(raw, options.showSecrets);
  const lines = [
    `### ${bundle.title}`,
    "",
    `${options.source} · connector \`${bundle.connector}\` · ${secretNote(bundle, options)}`,
  ];
  for (const [form, fields] of byForm(bundle.fields)) {
    lines.push("", ...(form === undefined ? [] : [`**${form}**`, ""]));
    lines.push("| Field | Value |", "| --- | --- |");
    for (const f of fields) lines.push(`| ${cell(f.name)} | ${cell(f.value)} |`);
  }
  if (bundle.manualSteps.length > 0) {
    lines.push("", "**Still manual**", "");
    for (const step of bundle.manualSteps) lines.push(`- [ ] ${step}`);
  }
  return lines.join("\n") + "\n";
}

export function renderSheetJson(raw: ConnectorBundle, options: SheetOptions): string {
  const bundle = maskBundle(raw, options.showSecrets);
  return (
    JSON.stringify(
      {
        source: options.source,
        connector: bundle.connector,
        title: bundle.title,
        secretsShown: options.showSecrets,
        fields: bundle.fields,
        manualSteps: bundle.manualSteps,
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * The one field a `--field` selector names: its name, or `Form › Name` (also `Form/Name`) when
 * several forms share a name. Returns the matches, so the caller can report ambiguity.
 */
export function findFields(bundle: ConnectorBundle, selector: string): BundleField[] {
  const qualified = /^(.+?)\s*(?:›|\/)\s*(.+)$/.exec(selector);
  const exact = bundle.fields.filter((f) => f.name === selector);
  if (exact.length > 0 || qualified === null) return exact;
  const [, form, name] = qualified;
  return bundle.fields.filter((f) => f.form === form && f.name === name);
}
