// `npm run handoff -- --stack <name> --connector <id>`: prints the field/value sheet a vendor's
// form asks for, from the stack's outputs, in the form's order and wording; secrets masked unless
// --show-secrets. Options and exit codes: HANDOFF_COMMAND in cli/lib/commands.ts.

import type { ConnectorRegistry } from "../components/connectors/registry";
import { didYouMean } from "../config/suggest";
import { helpText, parseCommand, usageMessage } from "./lib/args";
import { HANDOFF_COMMAND } from "./lib/commands";
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
  EXIT,
  outputsSource,
  processOutput,
  runIfMain,
  UsageError,
  type CliOutput,
} from "./lib/entry";

export interface HandoffIo extends CliOutput {
  readonly runPulumi?: ReadStackOutputsOptions["runPulumi"];
  /** The connectors a stack may export bundles of. @default the built-in ones */
  readonly connectors?: ConnectorRegistry;
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
  const values = parseCommand(HANDOFF_COMMAND, argv);
  if (values === "help") return "help";
  return {
    ...outputsSource(values),
    connector: values.connector!,
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
      io.stdout(helpText(HANDOFF_COMMAND));
      return EXIT.ok;
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
      // Loaded only here: the registry brings every connector's component and Pulumi's SDK.
      const registry =
        io.connectors ?? (await import("../components/connectors/registry.js")).builtInConnectors;
      const ids = registry.ids;
      const known = ids.includes(args.connector);
      const hint = didYouMean(args.connector, known ? available : ids);
      io.stderr(
        `handoff: ${known ? `connector ${args.connector} is not enabled in ${source}` : `unknown connector ${JSON.stringify(args.connector)}${hint}`}; ` +
          `available: ${available.length > 0 ? available.join(", ") : `none (${source} exports no connectors)`}\n`,
      );
      return EXIT.usage;
    }
    // Last line of defence: whatever is printed without --show-secrets is scrubbed of every
    // secret value, JWT and PEM block, even if a bug put one in a non-secret field.
    const out = (text: string) => io.stdout(args.showSecrets ? text : redact(text, secrets));

    if (args.field !== undefined) {
      const matches = findFields(bundle, args.field);
      if (matches.length !== 1) {
        const names = bundle.fields.map((f) => (f.form ? `${f.form} › ${f.name}` : f.name));
        const hint =
          matches.length === 0
            ? didYouMean(args.field, [...names, ...bundle.fields.map((f) => f.name)])
            : "";
        io.stderr(
          `handoff: ${matches.length === 0 ? "no" : "more than one"} field ${JSON.stringify(args.field)}${hint} in ${args.connector}; fields: ${names.join(", ")}\n`,
        );
        return EXIT.usage;
      }
      const f = matches[0]!;
      if (f.secret && !args.showSecrets) {
        io.stderr(`handoff: ${f.name} is secret: add --show-secrets to print it\n`);
        return EXIT.usage;
      }
      if (f.secret) warnShown(io, 1);
      out(f.value.endsWith("\n") ? f.value : `${f.value}\n`);
      return EXIT.ok;
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
    return EXIT.ok;
  } catch (cause) {
    const err = (text: string) => io.stderr(redact(text, secrets));
    if (cause instanceof UsageError) {
      err(usageMessage(HANDOFF_COMMAND, cause.message));
      return EXIT.usage;
    }
    if (cause instanceof StackOutputsError) {
      err(`handoff: ${cause.message}\n`);
      return EXIT.usage;
    }
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : "";
    err(`handoff: internal error (${name}): ${message}\n`);
    return EXIT.problems;
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
