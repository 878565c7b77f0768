// `npm run handoff -- --stack <name> --connector <id>`: prints the field/value sheet a vendor's
// form asks for, from the stack's outputs, in the form's order and wording; secrets masked unless
// --show-secrets. Exit 0 ok, 2 usage (unknown connector, unreadable outputs).

import { parseArgs } from "node:util";
import { CONNECTOR_IDS } from "../components/connectors/names";
import type { ConnectorBundle } from "../components/outputs";
import {
  findFields,
  renderSheetJson,
  renderSheetMarkdown,
  renderSheetText,
} from "./lib/handoffSheet";
import { redact } from "./lib/redact";
import {
  readStackOutputs,
  StackOutputsError,
  type ReadStackOutputsOptions,
} from "./lib/stackOutputs";
import {
  outputsSource,
  OUTPUTS_SOURCE_OPTIONS,
  processOutput,
  runIfMain,
  UsageError,
  type CliOutput,
} from "./lib/entry";

const USAGE = `usage: npm run handoff -- (--stack <name> | --outputs <file>) --connector <id>
                           [--show-secrets] [--json | --markdown] [--field <name>]

  --stack <name>     read outputs with \`pulumi stack output --json --show-secrets --stack <name>\`
  --outputs <file>   read outputs from a JSON file of the same shape instead
  --connector <id>   one of: ${CONNECTOR_IDS.join(", ")}
  --show-secrets     print secret values in clear (a warning goes to stderr)
  --json             print the sheet as JSON
  --markdown         print the sheet as Markdown
  --field <name>     print only this field's value, raw (e.g. "Private Key" into a .pem file);
                     "Form › Name" when several forms share a name
`;

export interface HandoffIo extends CliOutput {
  readonly runPulumi?: ReadStackOutputsOptions["runPulumi"];
}

interface HandoffArgs {
  readonly stack?: string;
  readonly outputsFile?: string;
  readonly connector: string;
  readonly showSecrets: boolean;
  readonly format: "text" | "json" | "markdown";
  readonly field?: string;
}

function parseHandoffArgs(argv: readonly string[]): HandoffArgs | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...OUTPUTS_SOURCE_OPTIONS,
        connector: { type: "string", short: "c" },
        "show-secrets": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        field: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  if (values.help) return "help";
  const source = outputsSource(values);
  if (values.connector === undefined)
    throw new UsageError(`give --connector <id>: one of ${CONNECTOR_IDS.join(", ")}`);
  if (values.json && values.markdown) throw new UsageError("give --json or --markdown, not both");
  if (values.field !== undefined && (values.json || values.markdown))
    throw new UsageError("--field prints one raw value: drop --json/--markdown");
  return {
    ...source,
    connector: values.connector,
    showSecrets: values["show-secrets"],
    format: values.json ? "json" : values.markdown ? "markdown" : "text",
    ...(values.field !== undefined ? { field: values.field } : {}),
  };
}

/** Every string a masked sheet must not contain: each secret value, and its lines. */
function secretValues(bundle: ConnectorBundle): string[] {
  return bundle.fields
    .filter((f) => f.secret)
    .flatMap((f) => [f.value, ...f.value.split(/\r?\n/).map((l) => l.trim())]);
}

/** Runs handoff and returns the exit code; never throws. */
export async function main(
  argv: readonly string[],
  io: HandoffIo = processOutput,
): Promise<number> {
  const secrets: string[] = [];
  try {
    const args = parseHandoffArgs(argv);
    if (args === "help") {
      io.stdout(USAGE);
      return 0;
    }
    const outputs = await readStackOutputs({
      ...(args.stack !== undefined ? { stack: args.stack } : {}),
      ...(args.outputsFile !== undefined ? { outputsFile: args.outputsFile } : {}),
      ...(io.runPulumi ? { runPulumi: io.runPulumi } : {}),
    });
    const all = outputs.connectors ?? {};
    for (const bundle of Object.values(all)) secrets.push(...secretValues(bundle));
    const source = args.stack !== undefined ? `stack ${args.stack}` : args.outputsFile!;
    const bundle = all[args.connector];
    if (bundle === undefined) {
      const available = Object.keys(all).sort();
      const known = (CONNECTOR_IDS as readonly string[]).includes(args.connector);
      io.stderr(
        `handoff: ${known ? `connector ${args.connector} is not enabled in ${source}` : `unknown connector ${JSON.stringify(args.connector)}`}; ` +
          `available: ${available.length > 0 ? available.join(", ") : `none (${source} exports no connectors)`}\n`,
      );
      return 2;
    }
    // Last line of defence: whatever is printed without --show-secrets is scrubbed of every
    // secret value, JWT and PEM block, even if a bug put one in a non-secret field.
    const out = (text: string) => io.stdout(args.showSecrets ? text : redact(text, secrets));

    if (args.field !== undefined) {
      const matches = findFields(bundle, args.field);
      if (matches.length !== 1) {
        const names = bundle.fields.map((f) => (f.form ? `${f.form} › ${f.name}` : f.name));
        io.stderr(
          `handoff: ${matches.length === 0 ? "no" : "more than one"} field ${JSON.stringify(args.field)} in ${args.connector}; fields: ${names.join(", ")}\n`,
        );
        return 2;
      }
      const f = matches[0]!;
      if (f.secret && !args.showSecrets) {
        io.stderr(`handoff: ${f.name} is secret: add --show-secrets to print it\n`);
        return 2;
      }
      if (f.secret) warnShown(io, 1);
      out(f.value.endsWith("\n") ? f.value : `${f.value}\n`);
      return 0;
    }

    if (args.showSecrets) warnShown(io, bundle.fields.filter((f) => f.secret).length);
    const options = { source, showSecrets: args.showSecrets };
    out(
      args.format === "json"
        ? renderSheetJson(bundle, options)
        : args.format === "markdown"
          ? renderSheetMarkdown(bundle, options)
          : renderSheetText(bundle, options),
    );
    return 0;
  } catch (cause) {
    const err = (text: string) => io.stderr(redact(text, secrets));
    if (cause instanceof UsageError) {
      err(`handoff: ${cause.message}\n\n${USAGE}`);
      return 2;
    }
    if (cause instanceof StackOutputsError) {
      err(`handoff: ${cause.message}\n`);
      return 2;
    }
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : "";
    err(`handoff: internal error (${name}): ${message}\n`);
    return 1;
  }
}

function warnShown(io: HandoffIo, count: number): void {
  if (count === 0) return;
  io.stderr(
    `handoff: WARNING: --show-secrets prints ${count} secret value${count === 1 ? "" : "s"} in ` +
      "clear; paste them only into the vendor's form, never into chats, tickets or logs\n",
  );
}

runIfMain(module, "handoff", (argv) => main(argv));
