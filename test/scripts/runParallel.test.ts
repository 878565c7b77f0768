// scripts/run-parallel.cjs, which runs npm test's typecheck and lint side by side.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

interface Report {
  readonly name: string;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}
interface Job {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}
// A plain CommonJS script, typed here.
const { runAll } = require("../../scripts/run-parallel.cjs") as {
  runAll(jobs: readonly Job[], options?: { onDone?: (r: Report) => void }): Promise<Report[]>;
};

const node = (name: string, code: string): Job => ({
  name,
  command: process.execPath,
  args: ["-e", code],
});

describe("runAll", () => {
  it("runs the jobs at the same time and keeps each one's output whole", async () => {
    // Each job marks that it started, then waits for the other's mark: run one after the other,
    // the first would give up after 10 s (exit 9).
    const dir = mkdtempSync(path.join(tmpdir(), "oktaplane-parallel-"));
    const meet = (self: string, other: string) =>
      `const fs = require("fs"); console.log("${self}1"); fs.writeFileSync(${JSON.stringify(path.join(dir, self))}, "");` +
      `const end = Date.now() + 10000; const look = () => fs.existsSync(${JSON.stringify(path.join(dir, other))})` +
      ` ? console.error("${self}2") : Date.now() > end ? process.exit(9) : setTimeout(look, 10); look();`;
    const done: string[] = [];
    try {
      const reports = await runAll([node("a", meet("a", "b")), node("b", meet("b", "a"))], {
        onDone: (r) => done.push(r.name),
      });
      expect(reports.map((r) => [r.name, r.code, r.output])).toEqual([
        ["a", 0, "a1\na2\n"],
        ["b", 0, "b1\nb2\n"],
      ]);
      expect(done.sort()).toEqual(["a", "b"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a failing job's exit code and a command that cannot start", async () => {
    const done: string[] = [];
    const reports = await runAll(
      [
        node("ok", "process.exit(0)"),
        node("bad", "console.error('broken'); process.exit(3)"),
        { name: "missing", command: "/nonexistent/oktaplane-command", args: [] },
      ],
      { onDone: (r) => done.push(r.name) },
    );
    // A command that cannot start emits "error" and then "close"; give the second time to come.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done.sort()).toEqual(["bad", "missing", "ok"]);
    expect(reports.map((r) => [r.name, r.code])).toEqual([
      ["ok", 0],
      ["bad", 3],
      ["missing", 1],
    ]);
    expect(reports[1]!.output).toBe("broken\n");
    expect(reports[2]!.output).toContain("ENOENT");
  });
});
