// `npm run rehearse` arguments: parsed and checked once, with messages that name the flag, the
// bad value and what is allowed; exit codes are defined here so that the usage text and the
// command agree.

import { parseArgs } from "node:util";
import { STANDARD_ROLES } from "../../components/capabilities";
import { parseFault } from "../../sim/shared/faults";

/** Exit codes (docs/REHEARSE.md). */
export const EXIT = {
  /** Every phase passed: up, empty second preview, drift seen, round trip, destroy. */
  ok: 0,
  /** The rehearsal ran and found problems (listed under "Problems" in the report). */
  problems: 1,
  /** Bad arguments, unknown stack, or no Pulumi CLI. */
  usage: 2,
  /** The rehearsal could not run: invalid stack config, simulators or temporary stack failed. */
  notRun: 3,
  /** Interrupted (Ctrl-C); everything it created was deleted. */
  interrupted: 130,
} as const;

export const INSTALL_URL = "https://www.pulumi.com/docs/iac/download-install/";

export const USAGE = `usage: npm run rehearse -- --stack <name> [options]

Runs your own \`pulumi up\` (your Pulumi CLI, the real providers) against local simulators of
Okta, Cloudflare and Twilio, in a temporary stack that is deleted at the end. Never touches your
org, your Cloudflare account or your Pulumi state.

  --stack <name>        the stack whose config to rehearse (stacks/Pulumi.<name>.yaml)
  --pulumi <path>       the Pulumi CLI to use (default: \`pulumi\` on PATH)
  --scopes <a,b,…>      the deployer's scopes (default: OKTA_API_SCOPES if set, else what
                        \`npm run plan\` prints)
  --deployer-roles <R,…> the admin roles the deployer acts with in the simulator (default
                        SUPER_ADMIN), e.g. APP_ADMIN to rehearse a least-privileged deployer
  --fault <op:status>   inject a fault into the Okta simulator, repeatable:
                        <operationId>:<status|timeout|drop|slow<ms>>[x<times>], e.g.
                        createApplication:429x3;
                        a failed up is then re-run once and checked for orphans and extra keys
  --clock-scale <n>     run the simulators' clock n times faster than real time (default 1)
  --keep                leave the simulators running with the stack up, print how to reach
                        them, and clean up on Ctrl-C
  --json | --markdown   print the report as JSON, or as Markdown for a PR
  -h, --help            this text

Exit codes: 0 passed, 1 problems found, 2 usage or no Pulumi CLI, 3 could not run,
130 interrupted (everything cleaned up).
`;

export interface RehearseArgs {
  readonly stack: string;
  readonly pulumi?: string;
  /** Scopes given on the command line; undefined: from the environment or the plan. */
  readonly scopes?: readonly string[];
  /** Standard admin roles of the deployer; undefined: the simulator's default (SUPER_ADMIN). */
  readonly deployerRoles?: readonly string[];
  readonly faults: readonly string[];
  readonly clockScale: number;
  readonly keep: boolean;
  readonly format: "text" | "json" | "markdown";
  /** For tooling (tests, benchmarks): read stack files from another directory. */
  readonly stacksDir?: string;
}

export class RehearseUsageError extends Error {
  override readonly name = "RehearseUsageError";
}

const SCOPE = /^okta\.[A-Za-z]+(\.[A-Za-z]+)+$/;

/** Comma- or space-separated Okta scopes; each must look like `okta.<area>.<action>`. */
export function parseScopes(text: string, source: string): string[] {
  const scopes = [...new Set(text.split(/[\s,]+/).filter((s) => s !== ""))];
  const bad = scopes.filter((s) => !SCOPE.test(s));
  if (scopes.length === 0) throw new RehearseUsageError(`${source}: no scopes given`);
  if (bad.length > 0)
    throw new RehearseUsageError(
      `${source}: not Okta scopes: ${bad.map((s) => JSON.stringify(s)).join(", ")} (expected e.g. okta.apps.manage)`,
    );
  return scopes.sort();
}

export function parseRehearseArgs(argv: readonly string[]): RehearseArgs | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        pulumi: { type: "string" },
        scopes: { type: "string" },
        "deployer-roles": { type: "string" },
        fault: { type: "string", multiple: true },
        "clock-scale": { type: "string" },
        keep: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        "stacks-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new RehearseUsageError((cause as Error).message);
  }
  if (values.help) return "help";
  if (values.stack === undefined || values.stack === "")
    throw new RehearseUsageError("give --stack <name> (a file stacks/Pulumi.<name>.yaml)");
  if (values.json && values.markdown)
    throw new RehearseUsageError("give --json or --markdown, not both");
  const faults = values.fault ?? [];
  for (const fault of faults) {
    try {
      parseFault(fault);
    } catch (cause) {
      throw new RehearseUsageError(`--fault: ${(cause as Error).message}`);
    }
  }
  const scale = values["clock-scale"] === undefined ? 1 : Number(values["clock-scale"]);
  if (!Number.isFinite(scale) || scale < 1 || scale > 1000)
    throw new RehearseUsageError(
      `--clock-scale must be a number from 1 to 1000, got ${JSON.stringify(values["clock-scale"])}`,
    );
  const roles = values["deployer-roles"]?.split(/[\s,]+/).filter((r) => r !== "");
  if (roles !== undefined) {
    const bad = roles.filter((r) => !(STANDARD_ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || bad.length > 0)
      throw new RehearseUsageError(
        `--deployer-roles: ${bad.length > 0 ? `unknown role ${bad.map((r) => JSON.stringify(r)).join(", ")}` : "no role given"}; allowed: ${STANDARD_ROLES.join(", ")}`,
      );
  }
  return {
    stack: values.stack,
    ...(values.pulumi !== undefined ? { pulumi: values.pulumi } : {}),
    ...(roles !== undefined ? { deployerRoles: [...new Set(roles)].sort() } : {}),
    ...(values.scopes !== undefined ? { scopes: parseScopes(values.scopes, "--scopes") } : {}),
    faults,
    clockScale: scale,
    keep: values.keep,
    format: values.json ? "json" : values.markdown ? "markdown" : "text",
    ...(values["stacks-dir"] !== undefined ? { stacksDir: values["stacks-dir"] } : {}),
  };
}
