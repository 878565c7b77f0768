// The verify CLI end to end: outputs file → token requests to the Okta simulator → report and
// exit code, with every secret that crossed the wire checked against stdout and stderr.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAppOutput, StackOutputs } from "../../components/outputs";
import { keySecrets } from "../../cli/lib/redact";
import { main } from "../../cli/verify";
import { capturingFetch, type Exchange } from "./support/capture";
import { startTestOrg, type TestOrg } from "./support/oktaOrg";
import { generateRs256Key, serviceAppOutput, type GeneratedKey } from "./support/serviceAppKeys";

const SCOPES = "okta.apps.read okta.users.read";

let key: GeneratedKey;
let otherKey: GeneratedKey;
let server: TestOrg;
let dir: string;
let goodFile: string;
let badFile: string;

function outputs(servicenow: ServiceAppOutput): StackOutputs {
  return {
    serviceApps: {
      moveworks: serviceAppOutput(server.origin, "0oa-mw", key, { requireDpop: true }),
      servicenow,
    },
  };
}

beforeAll(async () => {
  [key, otherKey] = await Promise.all([generateRs256Key(), generateRs256Key()]);
  server = await startTestOrg([
    { clientId: "0oa-mw", publicJwk: key.publicJwk, scope: SCOPES, requireDpop: true },
    { clientId: "0oa-sn", publicJwk: key.publicJwk, scope: SCOPES },
  ]);
  dir = await mkdtemp(join(tmpdir(), "verify-cli-"));
  goodFile = join(dir, "good.json");
  badFile = join(dir, "bad.json");
  const good = serviceAppOutput(server.origin, "0oa-sn", key);
  // Same kid, another private key: what a half-finished key rotation looks like.
  const wrongKey = serviceAppOutput(server.origin, "0oa-sn", key, {
    privateKeyPem: otherKey.privateKeyPem,
    privateKeyJwk: otherKey.privateKeyJwk,
  });
  await writeFile(goodFile, JSON.stringify(outputs(good)));
  await writeFile(badFile, JSON.stringify(outputs(wrongKey)));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly exchanges: Exchange[];
}

async function run(
  argv: string[],
  extra: { runPulumi?: () => Promise<string> } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const { fetch, exchanges } = capturingFetch();
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    fetch,
    ...extra,
  });
  return { code, stdout, stderr, exchanges };
}

/** Everything secret that this run handled: keys, assertions, proofs, tokens. */
function secretsOf(result: Run): string[] {
  const wire = result.exchanges.flatMap((e) => [
    e.form.get("client_assertion") ?? "",
    e.dpop ?? "",
    typeof e.json.access_token === "string" ? e.json.access_token : "",
  ]);
  const keys = [key, otherKey].flatMap((k) => keySecrets(k.privateKeyPem, k.privateKeyJwk));
  return [...wire, ...keys].filter((s) => s.length >= 8);
}

function expectNoSecrets(result: Run): void {
  const printed = result.stdout + result.stderr;
  const secrets = secretsOf(result);
  expect(secrets.length).toBeGreaterThan(10);
  for (const secret of secrets) {
    expect(printed.includes(secret), `printed a secret (${secret.slice(0, 6)}…)`).toBe(false);
  }
  expect(printed).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  expect(printed).not.toContain("PRIVATE KEY");
}

describe("npm run verify", () => {
  it("exits 0 and reports OK per app, DPoP after the nonce challenge", async () => {
    const result = await run(["--outputs", goodFile]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^moveworks +0oa-mw +OK +DPoP 3600s \(after DPoP nonce\) +2\/2 granted$/m,
    );
    expect(result.stdout).toMatch(/^servicenow +0oa-sn +OK +Bearer 3600s +2\/2 granted$/m);
    expect(result.stdout).toContain("2 app(s): 2 ok, 0 failed");
    expect(result.exchanges.filter((e) => e.status === 200)).toHaveLength(2);
    expectNoSecrets(result);
  });

  it("prints a JSON report with --json and no secret in it", async () => {
    const result = await run(["--outputs", goodFile, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; apps: { app: string }[] };
    expect(report.ok).toBe(true);
    expect(report.apps.map((a) => a.app)).toEqual(["moveworks", "servicenow"]);
    expectNoSecrets(result);
  });

  it("exits 1 and explains invalid_client when an app's key is not the registered one", async () => {
    const result = await run(["--outputs", badFile]);
    expect(result.code).toBe(1);
    // Okta's own wording lets verify name the cause (cli/lib/oktaErrors.ts).
    expect(result.stdout).toMatch(
      /^servicenow +0oa-sn +FAIL +invalid_client \(bad_signature\) +2 declared$/m,
    );
    expect(result.stdout).toContain(
      "fix:     The private key in the outputs is not the one registered",
    );
    expect(result.stdout).toContain(
      'server:  HTTP 401, "The client_assertion signature is invalid."',
    );
    expect(result.stdout).toContain("2 app(s): 1 ok, 1 failed");
    expectNoSecrets(result);
  });

  it("keeps secrets out of the JSON report of a failure too", async () => {
    const result = await run(["--outputs", badFile, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { apps: { status: string; error?: object }[] };
    expect(report.apps[1]).toMatchObject({ status: "fail", error: { code: "invalid_client" } });
    expectNoSecrets(result);
  });

  it("verifies only the apps named with --app", async () => {
    const result = await run(["--outputs", badFile, "--app", "moveworks"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("servicenow");
    expect(result.exchanges.every((e) => e.form.get("client_assertion") !== null)).toBe(true);
  });

  it("reads the outputs through pulumi when given --stack", async () => {
    const text = await import("node:fs/promises").then((fs) => fs.readFile(goodFile, "utf8"));
    const result = await run(["--stack", "dev", "--app", "servicenow"], {
      runPulumi: async () => text,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^servicenow +0oa-sn +OK/m);
  });

  it.each([
    [[], "give --stack <name> or --outputs <file>"],
    [["--outputs", "x.json", "--timeout", "soon"], "--timeout must be a positive integer"],
    [["--outputs", "x.json", "--bogus"], "unknown option --bogus"],
    [["--output", "x.json"], 'unknown option --output (did you mean "--outputs"?)'],
  ])("exits 2 on usage error %j", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm run verify");
  });

  it("exits 2 naming the apps the stack has when --app is unknown", async () => {
    const result = await run(["--outputs", goodFile, "--app", "twilio"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "verify: unknown --app twilio; the stack has: moveworks, servicenow\n",
    );
    expect(result.exchanges).toHaveLength(0);
  });

  it("suggests the app meant by a near-miss --app", async () => {
    const result = await run(["--outputs", goodFile, "--app", "servicenw"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown --app servicenw (did you mean "servicenow"?)');
  });

  it("exits 2 on outputs that do not match the contract, without printing them", async () => {
    const file = join(dir, "invalid.json");
    const app = { ...serviceAppOutput(server.origin, "0oa-sn", key), algorithm: "PS256" };
    await writeFile(file, JSON.stringify({ serviceApps: { servicenow: app } }));
    const result = await run(["--outputs", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('serviceApps.servicenow.algorithm: expected one of "RS256"');
    expectNoSecrets({ ...result, exchanges: [] });
  });

  it("exits 2 when the stack has no service apps", async () => {
    const file = join(dir, "empty.json");
    await writeFile(file, "{}");
    const result = await run(["--outputs", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("exports no serviceApps");
  });

  it("sets the process exit code when run as a script", async () => {
    const tsx = join(__dirname, "../../node_modules/tsx/dist/cli.mjs");
    const script = join(__dirname, "../../cli/verify.ts");
    const exitCode = await new Promise<number | null>((resolve) => {
      execFile(
        process.execPath,
        [tsx, script, "--outputs", badFile, "--app", "servicenow"],
        (error) => resolve(error ? (error.code as number) : 0),
      );
    });
    expect(exitCode).toBe(1);
  });
});
