// Reads a stack's outputs (from the Pulumi CLI or a JSON file) and validates them against the
// contract in components/outputs.ts, for every CLI command that consumes them (verify, handoff).

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { StackOutputs } from "../../components/outputs";

/** Stable codes for every way reading the outputs can fail. */
export type StackOutputsErrorCode =
  | "PULUMI_NOT_FOUND"
  | "PULUMI_FAILED"
  | "FILE_UNREADABLE"
  | "INVALID_JSON"
  | "INVALID_SHAPE"
  | "NO_SOURCE";

/**
 * A failure to obtain valid stack outputs. Messages never contain output values: the outputs
 * are read with `--show-secrets`, so any echo of them could leak a private key.
 */
export class StackOutputsError extends Error {
  override readonly name = "StackOutputsError";
  constructor(
    readonly code: StackOutputsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const nonEmpty = z.string().min(1);

const serviceAppSchema = z.object({
  clientId: nonEmpty,
  tokenUrl: z.url(),
  audience: z.url(),
  orgUrl: z.url(),
  activeKid: nonEmpty,
  algorithm: z.enum(["RS256", "ES256"]),
  scopes: z.array(nonEmpty),
  requireDpop: z.boolean(),
  privateKeyPem: z.string().includes("PRIVATE KEY"),
  privateKeyJwk: z.record(z.string(), z.unknown()),
});

const connectorSchema = z.object({
  connector: nonEmpty,
  title: z.string(),
  fields: z.array(
    z.object({
      form: z.string().optional(),
      name: z.string(),
      value: z.string(),
      secret: z.boolean(),
    }),
  ),
  manualSteps: z.array(z.string()),
});

const stackOutputsSchema: z.ZodType<StackOutputs> = z.object({
  serviceApps: z.record(z.string(), serviceAppSchema).optional(),
  connectors: z.record(z.string(), connectorSchema).optional(),
  hookReceiver: z.object({ url: z.url(), eventsUrl: z.url(), telephonyUrl: z.url() }).optional(),
});

/**
 * Validates parsed JSON against the stack-output contract. Keys that the contract does not know
 * are dropped. The error names every bad key path (e.g. `serviceApps.moveworks.activeKid`) and
 * what was expected, never the value found.
 */
export function parseStackOutputs(json: unknown, source: string): StackOutputs {
  const result = stackOutputsSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join(".") || "(root)";
    return `  ${key}: ${describeIssue(issue)}`;
  });
  throw new StackOutputsError(
    "INVALID_SHAPE",
    `stack outputs from ${source} do not match the expected shape:\n${problems.join("\n")}`,
  );
}

// Zod's own messages are value-free for these issue kinds; anything else gets a generic phrase so
// that a future zod version cannot start quoting a secret back at us.
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "record" ? "object" : issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return issue.format === "includes"
        ? "expected a PEM private key"
        : `expected a ${issue.format}`;
    case "too_small":
      return "must not be empty";
    default:
      return "invalid value";
  }
}

/** Where to read outputs from: a file wins over the Pulumi CLI. */
export interface ReadStackOutputsOptions {
  /** Pulumi stack name, passed to `pulumi stack output --stack`. */
  readonly stack?: string;
  /** Path of a JSON file with the same shape as `pulumi stack output --json`. */
  readonly outputsFile?: string;
  /** Runs the Pulumi CLI; injectable for tests. @default runPulumi */
  readonly runPulumi?: (args: readonly string[]) => Promise<string>;
}

/** Reads and validates the outputs of one stack. Throws StackOutputsError. */
export async function readStackOutputs(options: ReadStackOutputsOptions): Promise<StackOutputs> {
  const { stack, outputsFile, runPulumi = runPulumiCli } = options;
  if (outputsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(outputsFile, "utf8");
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? "unknown error";
      throw new StackOutputsError("FILE_UNREADABLE", `cannot read ${outputsFile}: ${code}`);
    }
    return parseStackOutputs(parseJson(text, outputsFile), outputsFile);
  }
  if (stack === undefined || stack === "") {
    throw new StackOutputsError("NO_SOURCE", "give --stack <name> or --outputs <file>");
  }
  const source = `stack ${stack}`;
  const text = await runPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stack]);
  return parseStackOutputs(parseJson(text, source), source);
}

// JSON.parse's message quotes the input around the error position; the input holds secrets.
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StackOutputsError("INVALID_JSON", `stack outputs from ${source} are not valid JSON`);
  }
}

/** Runs `pulumi` without a shell and returns its stdout. */
export function runPulumiCli(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      [...args],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          return reject(
            new StackOutputsError(
              "PULUMI_NOT_FOUND",
              "the pulumi CLI was not found on PATH; install it, or pass the outputs as a file " +
                "with --outputs <file> (from `pulumi stack output --json --show-secrets`)",
            ),
          );
        }
        // stderr carries Pulumi's diagnostic (no stack values); stdout is never echoed.
        const detail = stderr.trim().split("\n").slice(-3).join(" ").slice(0, 500);
        reject(
          new StackOutputsError(
            "PULUMI_FAILED",
            `pulumi ${args.slice(0, 2).join(" ")} failed${detail ? `: ${detail}` : ""}`,
          ),
        );
      },
    );
  });
}
