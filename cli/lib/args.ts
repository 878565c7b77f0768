// Command-line parsing shared by every command: options declared once with their help text, so
// `--help` is generated from the same table the parser reads; unknown options get a "did you
// mean", options that cannot be combined say why, and a forgotten `--` after `npm run <command>`
// gets a hint instead of a bare "unexpected argument".

import { parseArgs } from "node:util";
import { didYouMean } from "../../config/suggest";
import { UsageError } from "./entry";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** A string option that may be repeated (values in order). */
  readonly multiple?: boolean;
  /** Placeholder shown in help, e.g. `<name>`. */
  readonly value?: string;
  readonly help: string;
  /** For tooling (tests, benchmarks): accepted but not listed in --help. */
  readonly hidden?: boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** The npm script name: `npm run <name> -- …`. */
  readonly name: string;
  /** How it is run when it has no npm script. @default `npm run <name> --` */
  readonly invocation?: string;
  readonly summary: string;
  /** Synopsis lines, without the `npm run <name> --` prefix. */
  readonly usage: readonly string[];
  readonly options: O;
  /** Options at least one of which must be given (each group), e.g. [["stack", "outputs"]]. */
  readonly required?: readonly (readonly (keyof O & string)[])[];
  /** Pairs that cannot be combined, with the reason shown to the user. */
  readonly exclusive?: readonly {
    readonly options: readonly (keyof O & string)[];
    readonly reason: string;
  }[];
  /** Text after the option list (exit codes, examples). */
  readonly notes?: string;
}

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean"
  ? boolean
  : S["multiple"] extends true
    ? string[]
    : string | undefined;
export type Values<O extends Record<string, OptionSpec>> = { [K in keyof O]: ValueOf<O[K]> };

/** `--help` / `-h` is every command's own option. */
const HELP = { type: "boolean", short: "h", help: "print this help and exit" } as const;

type AnySpec = CommandSpec<Record<string, OptionSpec>>;
/** Any command's spec, seen through the parts that do not depend on its option names. */
const general = <O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): AnySpec =>
  spec as unknown as AnySpec;

function synopsis(spec: AnySpec): string {
  const prefix = spec.invocation ?? `npm run ${spec.name} --`;
  return spec.usage
    .map((line, i) =>
      i === 0 ? `usage: ${prefix} ${line}` : `${" ".repeat(prefix.length + 8)}${line}`,
    )
    .join("\n");
}

/** The full `--help` text. */
export function helpText<O extends Record<string, OptionSpec>>(command: CommandSpec<O>): string {
  const spec = general(command);
  const rows = Object.entries({ ...spec.options, help: HELP })
    .filter(([, o]) => !("hidden" in o && o.hidden))
    .map(([name, o]) => {
      const flag = `${"short" in o && o.short ? `-${o.short}, ` : "    "}--${name}${"value" in o && o.value ? ` ${o.value}` : ""}`;
      return [flag, o.help] as const;
    });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `${spec.summary}`,
    "",
    synopsis(spec),
    "",
    "Options:",
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    ...(spec.notes === undefined ? [] : ["", spec.notes.trimEnd()]),
    "",
  ].join("\n");
}

/** A usage error as the user sees it: the reason, the synopsis, where to read more. */
export function usageMessage<O extends Record<string, OptionSpec>>(
  command: CommandSpec<O>,
  message: string,
): string {
  const spec = general(command);
  const prefix = spec.invocation ?? `npm run ${spec.name} --`;
  return `${spec.name}: ${message}\n\n${synopsis(spec)}\nRun ${prefix} --help for every option.\n`;
}

/**
 * Without `--`, `npm run plan --stack dev` gives `--stack` to npm (as npm_config_stack) and only
 * `dev` to the command. The environment npm sets shows it.
 */
export function npmSwallowedOptions<O extends Record<string, OptionSpec>>(
  command: CommandSpec<O>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const spec = general(command);
  if (env["npm_lifecycle_event"] === undefined) return [];
  return Object.keys(spec.options).filter(
    (name) => env[`npm_config_${name.replace(/-/g, "_")}`] !== undefined,
  );
}

function npmHint(spec: AnySpec, env: NodeJS.ProcessEnv): string {
  const swallowed = npmSwallowedOptions(spec, env);
  if (swallowed.length === 0) return "";
  return (
    `\nnpm took ${swallowed.map((o) => `--${o}`).join(", ")} for itself: put -- between the ` +
    `command and its options, e.g. npm run ${spec.name} -- --${swallowed[0]} …`
  );
}

/**
 * Parses argv against the spec: `"help"` when help was asked for, the values otherwise. Throws
 * UsageError with a message that names the option and, where one is close, the intended one.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Values<O> | "help" {
  const options = { ...spec.options, help: HELP } as Record<string, OptionSpec>;
  const parsed = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        {
          type: o.type,
          ...(o.short ? { short: o.short } : {}),
          ...(o.multiple ? { multiple: true } : {}),
        },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const fail = (message: string): never => {
    throw new UsageError(message + npmHint(general(spec), env));
  };
  const names = Object.keys(options).map((n) => `--${n}`);
  for (const token of parsed.tokens) {
    if (token.kind === "positional") fail(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind !== "option") continue;
    const o = options[token.name];
    if (o === undefined) {
      fail(`unknown option ${token.rawName}${didYouMean(`--${token.name}`, names)}`);
    } else if (
      o.type === "string" &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith("--")))
    ) {
      fail(`${token.rawName} needs a value: --${token.name} ${o.value ?? "<value>"}`);
    } else if (o.type === "boolean" && token.inlineValue) {
      fail(`--${token.name} takes no value`);
    }
  }
  const values = parsed.values as Record<string, unknown>;
  if (values["help"] === true) return "help";
  for (const group of spec.required ?? []) {
    if (group.every((name) => values[name] === undefined))
      fail(`give ${group.map((n) => `--${n} ${options[n]?.value ?? "<value>"}`).join(" or ")}`);
  }
  for (const { options: set, reason } of spec.exclusive ?? []) {
    const given = set.filter((name) => values[name] !== undefined && values[name] !== false);
    if (given.length > 1)
      fail(`${given.map((n) => `--${n}`).join(" and ")} cannot be combined: ${reason}`);
  }
  return Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      values[name] ?? (o.type === "boolean" ? false : o.multiple ? [] : undefined),
    ]),
  ) as Values<O>;
}
