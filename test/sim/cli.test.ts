// `npm run sim`: the three simulators start wired together, print their URLs, answer, and stop on
// SIGINT; bad options exit 2 naming the option.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

describe("npm run sim", () => {
  it("prints the base URLs (--json), serves Okta's org metadata, and exits 0 on SIGINT", async () => {
    const child = spawn(TSX, ["sim/cli.ts", "--json"], { cwd: ROOT });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`sim exited ${code}`)));
    });
    const urls = JSON.parse(line) as { okta: string; cloudflare: string; twilio: string };
    expect(urls.cloudflare).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4\/$/);
    const org = await fetch(`${urls.okta}/.well-known/okta-organization`);
    expect(await org.json()).toMatchObject({ pipeline: "idx" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  }, 60_000);

  it("refuses a port that is not one, naming the option", () => {
    const run = spawnSync(TSX, ["sim/cli.ts", "--okta-port", "99999"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--okta-port: "99999" is not a port (1-65535)');
  }, 60_000);
});
