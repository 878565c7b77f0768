// Writes one benchmark's section of docs/BENCHMARKS.md (from its `## Title` heading to the next),
// leaving the other sections alone, formatted as `prettier --check` expects.

import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const FILE = path.resolve(__dirname, "../docs/BENCHMARKS.md");
const PREAMBLE =
  "# Benchmarks\n\nFigures measured on this project's machines; each section says how to reproduce it.\n";

/** One line naming the machine, Node and commit the figures come from. */
export function machine(): string {
  let commit = "uncommitted";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  return (
    `Machine: ${os.availableParallelism()} CPUs (\`nproc\`), ${os.cpus()[0]?.model ?? "unknown CPU"}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, commit ${commit}, ` +
    `measured ${new Date().toISOString().slice(0, 10)}.`
  );
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `machineLine`: the run's own, when rendering results saved earlier. */
export async function writeSection(
  title: string,
  body: string,
  machineLine = machine(),
): Promise<void> {
  const heading = `## ${title}`;
  const section = `${heading}\n\n${machineLine}\n\n${body.trim()}\n`;
  const current = existsSync(FILE) ? readFileSync(FILE, "utf8") : PREAMBLE;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf("\n## ", start + heading.length);
    next = current.slice(0, start) + section + (after < 0 ? "" : current.slice(after + 1));
  }
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(FILE)) ?? {};
  writeFileSync(FILE, await prettier.format(next, { ...options, filepath: FILE }));
  console.log(`wrote ${path.relative(process.cwd(), FILE)}: ${title}`);
}
