// CLI manners shared by every command (cli/lib/args.ts): --help on each, "did you mean" for a
// near-miss option, a reason when two options cannot be combined, a hint when `npm run <cmd>`
// was given its options without `--`, and exit 2 for all of these.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { main as handoff } from "../../cli/handoff";
import { main as init } from "../../cli/init";
import { helpText, parseCommand, npmSwallowedOptions } from "../../cli/lib/args";
import { COMMAND_SPECS, PLAN_COMMAND } from "../../cli/lib/commands";
import { UsageError } from "../../cli/lib/entry";
import { REPO_ROOT } from "../../cli/lib/stackFile";
import { runPromoteCli } from "../../cli/promote";
import { main as verify } from "../../cli/verify";
import { capture, runPlan } from "./support/planCli";

const output = () => {
  const io = capture();
  return { io, out: { stdout: io.out, stderr: io.err } };
};

describe("--help", () => {
  it.each([
    ["plan", async () => (await runPlan(["--help"])).code],
    ["promote", (o: ReturnType<typeof output>) => runPromoteCli(["--help"], o.io)],
    ["handoff", (o: ReturnType<typeof output>) => handoff(["--help"], o.out)],
    ["verify", (o: ReturnType<typeof output>) => verify(["-h"], o.out)],
    ["init", (o: ReturnType<typeof output>) => init(["--help"], o.out)],
  ])("%s prints its options and exits 0", async (name, run) => {
    const o = output();
    expect(await run(o)).toBe(0);
    const spec = COMMAND_SPECS.find((s) => s.name === name)!;
    if (name !== "plan") expect(o.io.stdout()).toBe(helpText(spec));
    for (const [option, s] of Object.entries(spec.options))
      if (!("hidden" in s && s.hidden)) expect(helpText(spec)).toContain(`--${option}`);
    expect(helpText(spec)).toContain("Exit codes: 0");
  });

  it("plan --help lists --against, --base and --esc-values, not its hidden tooling option", async () => {
    const { out } = await runPlan(["--help"]);
    expect(out).toContain("--against <plan.json>");
    expect(out).toContain("--base <git-ref>");
    expect(out).toContain("--esc-values <file>");
    expect(out).not.toContain("--stacks-dir");
  });

  it("node cli/run.cjs --help lists the commands", () => {
    const child = spawnSync(process.execPath, ["cli/run.cjs", "--help"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(child.status).toBe(0);
    for (const spec of COMMAND_SPECS)
      expect(child.stdout).toMatch(new RegExp(`^  ${spec.name} +\\S`, "m"));
  });
});

describe("usage errors exit 2 and say why", () => {
  it.each([
    [["--stack", "dev", "--jsno"], 'unknown option --jsno (did you mean "--json"?)'],
    [["--stakc", "dev"], 'unknown option --stakc (did you mean "--stack"?)'],
    [["--stack"], "--stack needs a value: --stack <name>"],
    [["--stack", "--json"], "--stack needs a value"],
    [["--json"], "give --stack <name>"],
    [
      ["--stack", "dev", "--json", "--markdown"],
      "--json and --markdown cannot be combined: --json is the report for programs, --markdown the one for people; pick one",
    ],
    [["--stack", "dev", "--json=yes"], "--json takes no value"],
    [["--stack", "dev", "extra"], 'unexpected argument "extra"'],
  ])("plan %j", async (argv, message) => {
    const r = await runPlan(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain("usage: npm run plan -- --stack <name>");
  });

  it("promote too, and --from equal to --to is refused", async () => {
    const o = output();
    expect(await runPromoteCli(["--from", "dev", "--too", "staging"], o.io)).toBe(2);
    expect(o.io.stderr()).toContain('unknown option --too (did you mean "--to"?)');
    expect(await runPromoteCli(["--from", "dev", "--to", "dev"], o.io)).toBe(2);
    expect(o.io.stderr()).toContain("--from and --to name the same stack (dev)");
  });
});

describe("npm run without --", () => {
  // What npm passes for `npm run plan --stack dev --json`: only `dev`, the rest as its config.
  const env = { npm_lifecycle_event: "plan", npm_config_stack: "true", npm_config_json: "true" };

  it("is recognised from npm's environment", () => {
    expect(npmSwallowedOptions(PLAN_COMMAND, env)).toEqual(["stack", "json"]);
    expect(npmSwallowedOptions(PLAN_COMMAND, { npm_config_stack: "true" })).toEqual([]);
  });

  it("gets a hint with the command as it should be typed", async () => {
    const r = await runPlan(["dev"], { env });
    expect(r.code).toBe(2);
    expect(r.err).toContain('unexpected argument "dev"');
    expect(r.err).toContain(
      "npm took --stack, --json for itself: put -- between the command and its options, e.g. npm run plan -- --stack …",
    );
    expect(() => parseCommand(PLAN_COMMAND, [], env)).toThrow(UsageError);
  });
});
