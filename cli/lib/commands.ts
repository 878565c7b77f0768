// Every CLI command's options and help, as data (cli/lib/args.ts reads them): one place for
// what each command accepts, light enough for `node cli/run.cjs --help` to load them all.

import { OKTA_BASE_URLS } from "../../config/schema";
import type { CommandSpec } from "./args";

const EXIT_CODES = "Exit codes: 0 ok; 1 problems found";
const USAGE_CODE = "2 bad arguments or input the command cannot use";

const stack = {
  type: "string",
  short: "s",
  value: "<name>",
  help: "stack: dev, or <org>/<stack>, or <org>/<project>/<stack> (as pulumi --stack)",
} as const;

const formats = {
  json: { type: "boolean", help: "print the report as JSON" },
  markdown: { type: "boolean", help: "print the report as Markdown" },
} as const;

const oneFormat = {
  options: ["json", "markdown"],
  reason: "--json is the report for programs, --markdown the one for people; pick one",
} as const;

export const PLAN_COMMAND = {
  name: "plan",
  summary:
    "Type-checks the program, evaluates it offline under Pulumi's mock runtime with a stack's " +
    "config, and prints every resource, the deployer's Okta scopes, policy findings and the " +
    "secrets still to set; with --against or --base, what changes.",
  usage: [
    "--stack <name> [--json | --markdown] [--against <plan.json> | --base <git-ref>]",
    "[--esc-values <file>]...",
  ],
  options: {
    stack,
    ...formats,
    against: {
      type: "string",
      value: "<plan.json>",
      help: "compare with an earlier plan --json of this stack",
    },
    base: {
      type: "string",
      value: "<git-ref>",
      help: "compare with the plan <git-ref>'s code makes (in a temporary git worktree)",
    },
    "esc-values": {
      type: "string",
      multiple: true,
      value: "<file>",
      help: "the JSON of esc env open <env>, for the stack's ESC environments (repeatable)",
    },
    // For tooling (benchmarks, tests): read stack files from another directory.
    "stacks-dir": {
      type: "string",
      value: "<dir>",
      help: "read stack files from <dir>",
      hidden: true,
    },
  },
  required: [["stack"]],
  exclusive: [
    oneFormat,
    { options: ["against", "base"], reason: "both name the plan to compare with; give one" },
  ],
  notes: [
    `${EXIT_CODES}: TypeScript errors (nothing is planned, as the engine would refuse the`,
    "program), an invalid configuration, or mandatory policy violations (the report is still",
    `printed); ${USAGE_CODE}: unknown stack or option, a stack file that is not YAML.`,
    "PULUMI_NODEJS_TRANSPILE_ONLY=true skips the type check, as it does for the engine.",
  ].join("\n"),
} as const satisfies CommandSpec;

export const PROMOTE_COMMAND = {
  name: "promote",
  summary:
    "Shows what promoting one stack's config into the next changes (never an environment-" +
    "specific value or a secret) and the secrets the target still lacks; writes only with --write.",
  usage: ["--from <stack> --to <stack> [--write] [--json | --markdown]"],
  options: {
    from: { type: "string", value: "<stack>", help: "the stack to promote from (e.g. dev)" },
    to: { type: "string", value: "<stack>", help: "the stack to promote into (e.g. staging)" },
    write: { type: "boolean", help: "write the promoted config into the target's stack file" },
    ...formats,
    "stacks-dir": {
      type: "string",
      value: "<dir>",
      help: "read stack files from <dir>",
      hidden: true,
    },
  },
  required: [["from"], ["to"]],
  exclusive: [oneFormat],
  notes: `${EXIT_CODES}: a config does not validate (nothing is written); ${USAGE_CODE}.`,
} as const satisfies CommandSpec;

const outputsSource = {
  stack: {
    ...stack,
    help: "read outputs with pulumi stack output --json --show-secrets --stack <name>",
  },
  outputs: { type: "string", value: "<file>", help: "read outputs from a JSON file of that shape" },
} as const;

export const HANDOFF_COMMAND = {
  name: "handoff",
  summary:
    "Prints the field/value sheet a vendor's form asks for, from the stack's outputs, in the " +
    "form's order and wording; secrets masked unless --show-secrets.",
  usage: [
    "(--stack <name> | --outputs <file>) --connector <id>",
    "[--show-secrets] [--json | --markdown] [--field <name>]",
  ],
  options: {
    ...outputsSource,
    connector: {
      type: "string",
      short: "c",
      value: "<id>",
      // Not listed here: the registry loads every connector's component (and Pulumi's SDK),
      // which every command's startup would pay for. An unknown id lists them.
      help: "a connector the stack exports (an unknown id lists them)",
    },
    "show-secrets": {
      type: "boolean",
      help: "print secret values in clear (a warning goes to stderr)",
    },
    ...formats,
    field: {
      type: "string",
      value: "<name>",
      help: 'only this field\'s raw value (e.g. "Private Key"); "Form › Name" if ambiguous',
    },
  },
  required: [["stack", "outputs"], ["connector"]],
  exclusive: [
    oneFormat,
    { options: ["field", "json"], reason: "--field prints one raw value" },
    { options: ["field", "markdown"], reason: "--field prints one raw value" },
  ],
  notes: `Exit codes: 0 ok; ${USAGE_CODE} (unknown connector or field, unreadable outputs).`,
} as const satisfies CommandSpec;

export const VERIFY_COMMAND = {
  name: "verify",
  summary:
    "Live smoke test: every service app of a stack gets a token with its own key and is granted " +
    "exactly its declared scopes.",
  usage: ["(--stack <name> | --outputs <file>) [--app <key>]... [--json] [--timeout <ms>]"],
  options: {
    ...outputsSource,
    app: {
      type: "string",
      multiple: true,
      value: "<key>",
      help: "verify only this service app (repeatable)",
    },
    json: { type: "boolean", help: "print the report as JSON" },
    timeout: { type: "string", value: "<ms>", help: "per-request timeout (default 10000)" },
  },
  required: [["stack", "outputs"]],
  notes: `${EXIT_CODES} (an app got no token, or other scopes); ${USAGE_CODE}.`,
} as const satisfies CommandSpec;

export const INIT_COMMAND = {
  name: "init",
  summary:
    "Writes stacks/Pulumi.<stack>.yaml for a new stack in the shape of an example stack, with " +
    "your org, the environment-specific values left for you to fill, and prints the commands " +
    "that follow. Never overwrites a file.",
  usage: [
    "--stack <name> --org <orgName> [--base-url <domain>] [--from <stack>]",
    "[--environment <dev|staging|prod>]",
  ],
  options: {
    stack: { type: "string", short: "s", value: "<name>", help: "the new stack's name" },
    org: {
      type: "string",
      value: "<orgName>",
      help: "your Okta org name: dev-123456 for https://dev-123456.okta.com",
    },
    "base-url": {
      type: "string",
      value: "<domain>",
      help: `your org's domain, one of: ${OKTA_BASE_URLS.join(", ")} (default okta.com)`,
    },
    from: {
      type: "string",
      value: "<stack>",
      help: "the example to copy the shape of (default dev)",
    },
    environment: {
      type: "string",
      value: "<env>",
      help: "dev, staging or prod: throttling and protection (default: the stack's name if it is one, else --from's)",
    },
    "stacks-dir": { type: "string", value: "<dir>", help: "write into <dir>", hidden: true },
  },
  required: [["stack"], ["org"]],
  notes: `Exit codes: 0 written; ${USAGE_CODE} (including a stack file that already exists).`,
} as const satisfies CommandSpec;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  PLAN_COMMAND,
  PROMOTE_COMMAND,
  HANDOFF_COMMAND,
  VERIFY_COMMAND,
  INIT_COMMAND,
];
