// The earlier plan that `plan --against` / `plan --base` compares with: a `plan --json` file, or
// the plan a git ref's own code makes of the stack, run in a temporary `git worktree` of that
// ref. The worktree reuses this checkout's installed packages when the lockfile is the same, and
// is removed afterwards whatever happens.

import { execFile, spawn } from "node:child_process";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { didYouMean } from "../../config/suggest";
import { UsageError } from "./entry";
import type { ResourceRecord } from "./evaluate";
import { planResourceJson } from "./planJson";

const exec = promisify(execFile);

export interface EarlierPlan {
  /** How the report names it: `plan.json`, or `main (1a2b3c4)`. */
  readonly label: string;
  readonly resources: ResourceRecord[];
  /** The stack had no file there: everything is created. */
  readonly newStack: boolean;
}

const earlierJson = z.looseObject({ stack: z.string(), resources: z.array(planResourceJson) });

/** A plan as `plan --json` printed it, for this stack. */
export function parseEarlierPlan(text: string, label: string, stack: string): EarlierPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${label}: not JSON; give the output of npm run plan -- --stack ${stack} --json`,
    );
  }
  if ((json as { ok?: unknown } | null)?.ok === false)
    throw new UsageError(
      `${label}: that plan failed (its config did not validate); nothing to compare with`,
    );
  const parsed = earlierJson.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `${label}: not a plan --json report (${parsed.error.issues[0]?.path.join(".") || "root"}: ${parsed.error.issues[0]?.message})`,
    );
  if (parsed.data.stack !== stack)
    throw new UsageError(`${label} is a plan of stack ${parsed.data.stack}, not ${stack}`);
  return { label, resources: parsed.data.resources as ResourceRecord[], newStack: false };
}

export function readEarlierPlan(file: string, stack: string): EarlierPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--against ${file}: cannot read the file`);
  }
  return parseEarlierPlan(text, file, stack);
}

async function git(root: string, args: string[]): Promise<string> {
  return (await exec("git", ["-C", root, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

async function resolveRef(root: string, ref: string): Promise<string> {
  try {
    return (await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    let refs: string[] = [];
    try {
      refs = (await git(root, ["for-each-ref", "--format=%(refname:short)"])).split("\n");
    } catch {
      // not a git checkout: the message below says so well enough
    }
    throw new UsageError(`--base ${ref}: no such commit or branch${didYouMean(ref, refs)}`);
  }
}

async function exists(root: string, spec: string): Promise<boolean> {
  try {
    await git(root, ["cat-file", "-e", spec]);
    return true;
  } catch {
    return false;
  }
}

/** A copy of a directory tree made of hard links (symlinks copied as symlinks). */
function linkTree(from: string, to: string): void {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) return symlinkSync(readlinkSync(from), to);
  if (!stat.isDirectory()) return linkSync(from, to);
  mkdirSync(to);
  for (const entry of readdirSync(from)) linkTree(path.join(from, entry), path.join(to, entry));
}

/**
 * `dir/node_modules` as hard links to this checkout's packages (~0.5 s for 23,000 files), not
 * symlinks: bundlers resolve symlinks to their real path, and the Worker bundle would then name
 * its modules by another relative path and differ from the same code's bundle here. Build
 * caches (`.cache`) are not shared. Hard links need one file system: `dir` is on it.
 */
function linkPackages(from: string, dir: string): void {
  const target = path.join(dir, "node_modules");
  mkdirSync(target);
  for (const entry of readdirSync(from)) {
    if (entry !== ".cache") linkTree(path.join(from, entry), path.join(target, entry));
  }
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface BasePlanOptions {
  readonly root: string;
  readonly ref: string;
  /** The stack's own name. */
  readonly stack: string;
  /** Where its stack files live, relative to the root (Pulumi.yaml stackConfigDir). */
  readonly stackDir: string;
  /** Progress lines (stderr). */
  readonly note: (text: string) => void;
}

export async function planAtRef(options: BasePlanOptions): Promise<EarlierPlan> {
  const { root, ref, stack } = options;
  const commit = await resolveRef(root, ref);
  const label = `${ref} (${commit.slice(0, 7)})`;
  const stackFile = path.posix.join(options.stackDir, `Pulumi.${stack}.yaml`);
  if (!(await exists(root, `${commit}:${stackFile}`)))
    return { label, resources: [], newStack: true };

  // Not below node_modules: the CLI's bundler treats every file there as a package's.
  const dir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-base-"));
  const modules = path.join(root, "node_modules");
  const sameDevice = statSync(dir).dev === statSync(modules, { throwIfNoEntry: false })?.dev;
  try {
    await git(root, ["worktree", "add", "--detach", "--quiet", dir, commit]);
    const lockfile = (file: string) => readFileSync(file, "utf8");
    const sameLock = (() => {
      try {
        return (
          lockfile(path.join(dir, "package-lock.json")) ===
          lockfile(path.join(root, "package-lock.json"))
        );
      } catch {
        return false;
      }
    })();
    if (sameLock && sameDevice) {
      linkPackages(modules, dir);
    } else {
      const why = sameLock
        ? `${os.tmpdir()} is on another file system than ${modules}`
        : `${label} has another package-lock.json`;
      options.note(`plan: ${why}: npm ci in the temporary worktree\n`);
      const install = await run("npm", ["ci", "--no-audit", "--no-fund"], dir, process.env);
      if (install.code !== 0)
        throw new UsageError(`--base ${ref}: npm ci failed there:\n${install.stderr.trim()}`);
    }
    // That code was type-checked where it was merged; checking it again here only costs time.
    const env = { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
    const result = await run(
      process.execPath,
      [path.join(dir, "cli", "run.cjs"), "plan", "--stack", stack, "--json"],
      dir,
      env,
    );
    if (result.stdout.trim() === "")
      throw new UsageError(
        `--base ${ref}: its plan of ${stack} printed nothing (exit ${result.code}):\n${result.stderr.trim()}`,
      );
    return { ...parseEarlierPlan(result.stdout, `--base ${label}`, stack), label };
  } finally {
    try {
      await git(root, ["worktree", "remove", "--force", dir]);
    } catch {
      // already gone, or never added: the directory itself goes below
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
