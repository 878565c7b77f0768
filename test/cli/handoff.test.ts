// The handoff CLI end to end: outputs with real bundles (built from the dev stack, both auth
// modes, known test secrets) → the sheet in each format. Without --show-secrets no secret, nor a
// recognisable slice of one, reaches stdout or stderr; with it, a warning goes to stderr.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInConnectors } from "../../components/connectors/registry";
import type { StackOutputs } from "../../components/outputs";
import { MASK } from "../../cli/lib/handoffSheet";
import { main } from "../../cli/handoff";
import { devConfig } from "../connectors/support/config";
import { STUB_PEM } from "../connectors/support/stubs";
import { ALL_TEST_SECRETS, connectorOutputs } from "./support/connectorOutputs";

let dir: string;
let oauthFile: string;
let apiKeyFile: string;
let oauth: StackOutputs;
let apiKey: StackOutputs;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "handoff-"));
  oauth = await connectorOutputs(devConfig());
  apiKey = await connectorOutputs(
    devConfig({
      connectors: (c) => {
        c.servicenowSpoke.auth = "api-key";
        c.moveworks.auth = "api-key";
        delete c.moveworks.groups;
      },
    }),
  );
  oauthFile = join(dir, "oauth.json");
  apiKeyFile = join(dir, "api-key.json");
  await writeFile(oauthFile, JSON.stringify(oauth));
  await writeFile(apiKeyFile, JSON.stringify(apiKey));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], runPulumi?: (args: readonly string[]) => Promise<string>) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    ...(runPulumi ? { runPulumi } : {}),
  });
  return { code, stdout, stderr };
}

/** Neither a secret nor any 12-character slice of one (e.g. the part after "SSWS "). */
function expectNoSecret(text: string, where: string) {
  for (const secret of ALL_TEST_SECRETS) {
    const bare = secret.replace(/-----[A-Z ]+-----/g, "").replace(/\s/g, "");
    for (let i = 0; i + 12 <= bare.length; i += 4)
      expect(text.includes(bare.slice(i, i + 12)), `${where}: slice of a secret`).toBe(false);
  }
}

const cases = builtInConnectors.ids.flatMap((id) =>
  (["text", "json", "markdown"] as const).flatMap((format) =>
    (["oauth", "api-key"] as const).map((mode) => ({ id, format, mode })),
  ),
);

describe("handoff without --show-secrets", () => {
  it.each(cases)("$id ($mode, $format) prints no secret", async ({ id, format, mode }) => {
    const file = mode === "oauth" ? oauthFile : apiKeyFile;
    const flags = format === "text" ? [] : [`--${format}`];
    const { code, stdout, stderr } = await run(["--outputs", file, "--connector", id, ...flags]);
    expect(code, stderr).toBe(0);
    expectNoSecret(stdout, "stdout");
    expectNoSecret(stderr, "stderr");
    const bundle = (mode === "oauth" ? oauth : apiKey).connectors![id]!;
    const secretCount = bundle.fields.filter((f) => f.secret).length;
    expect(stdout.split(MASK).length - 1).toBe(secretCount);
    expect(stderr).toBe("");
  });

  it("prints the form's fields in order, grouped by form, then the manual steps", async () => {
    const { stdout } = await run(["--outputs", apiKeyFile, "--connector", "servicenow-spoke"]);
    const bundle = apiKey.connectors!["servicenow-spoke"]!;
    let at = 0;
    for (const f of bundle.fields) {
      const i = stdout.indexOf(`  ${f.name} `, at);
      expect(i, f.name).toBeGreaterThan(at);
      at = i;
    }
    expect(stdout.indexOf("API Key Credentials")).toBeLessThan(stdout.indexOf("Connection\n"));
    expect(stdout).toMatch(/ {2}API Key +••••••••\n/);
    expect(stdout).toContain("Still manual\n  1. ");
    expect(stdout.split("\n")[1]).toBe(
      `${apiKeyFile} · connector servicenow-spoke · 1 secret masked (--show-secrets reveals)`,
    );
  });

  it("--json keeps the bundle's shape with masked values", async () => {
    const { stdout } = await run(["--outputs", oauthFile, "--connector", "moveworks", "--json"]);
    const sheet = JSON.parse(stdout);
    const bundle = oauth.connectors!.moveworks!;
    expect(sheet).toMatchObject({
      connector: "moveworks",
      title: bundle.title,
      secretsShown: false,
    });
    expect(sheet.fields.map((f: any) => f.name)).toEqual(bundle.fields.map((f) => f.name));
    expect(sheet.fields.find((f: any) => f.name === "Private Key").value).toBe(MASK);
    expect(sheet.fields.find((f: any) => f.name === "KID").value).toBe("kid-moveworks");
  });

  it("--markdown renders a table per form and a checklist", async () => {
    const { stdout } = await run([
      "--outputs",
      oauthFile,
      "--connector",
      "twilio-verify",
      "--markdown",
    ]);
    expect(stdout).toContain(
      "**Okta Event Hook**\n\n| Field | Value |\n| --- | --- |\n| Name | Twilio Verify Feedback |",
    );
    expect(stdout).toMatch(/- \[ \] In Twilio, enable Custom Code/);
  });
});

describe("handoff --show-secrets", () => {
  it("prints the secret and warns on stderr", async () => {
    const { code, stdout, stderr } = await run([
      "--outputs",
      oauthFile,
      "--connector",
      "servicenow-spoke",
      "--show-secrets",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("spoke-client-secret-handoff-41d9c2");
    expect(stderr).toMatch(/^handoff: WARNING: --show-secrets prints 1 secret value in clear/);
  });

  it("--field prints one raw value: the private key, ready for a .pem file", async () => {
    const args = ["--outputs", oauthFile, "--connector", "moveworks", "--field", "Private Key"];
    const refused = await run(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Private Key is secret: add --show-secrets");
    expectNoSecret(refused.stdout + refused.stderr, "refused");
    const shown = await run([...args, "--show-secrets"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(STUB_PEM);
    expect(shown.stderr).toContain("WARNING");
  });

  it("--field takes Form › Name when forms share a name", async () => {
    const base = ["--outputs", apiKeyFile, "--connector", "servicenow-spoke", "--field"];
    expect((await run([...base, "Name"])).code).toBe(2);
    const r = await run([...base, "Connection › Name"]);
    expect(r).toMatchObject({ code: 0, stdout: "Okta Connection\n" });
  });
});

describe("handoff usage", () => {
  it("an unknown connector exits 2 listing the available ones", async () => {
    const { code, stderr } = await run(["--outputs", oauthFile, "--connector", "zendesk"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'handoff: unknown connector "zendesk"; available: moveworks, servicenow-spoke, servicenow-voice-agent, twilio-verify\n',
    );
  });

  it("a near-miss connector or field name gets a suggestion", async () => {
    const connector = await run(["--outputs", oauthFile, "--connector", "movework"]);
    expect(connector.code).toBe(2);
    expect(connector.stderr).toContain('unknown connector "movework" (did you mean "moveworks"?)');
    const field = await run(["--outputs", oauthFile, "--connector", "moveworks", "--field", "KDI"]);
    expect(field.code).toBe(2);
    expect(field.stderr).toContain('no field "KDI" (did you mean "KID"?) in moveworks');
  });

  it("--help prints every option and exits 0", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const option of [
      "--stack",
      "--outputs",
      "--connector",
      "--show-secrets",
      "--field",
      "--help",
    ])
      expect(stdout).toContain(option);
  });

  it("a preset the stack does not enable exits 2 too", async () => {
    const file = join(dir, "only-moveworks.json");
    await writeFile(
      file,
      JSON.stringify({ connectors: { moveworks: oauth.connectors!.moveworks } }),
    );
    const { code, stderr } = await run(["--outputs", file, "--connector", "twilio-verify"]);
    expect(code).toBe(2);
    expect(stderr).toContain("connector twilio-verify is not enabled in");
    expect(stderr).toContain("available: moveworks");
  });

  it.each([
    [["--connector", "moveworks"], "give --stack <name> or --outputs <file>"],
    [["--stack", "dev"], "give --connector <id>"],
    [
      ["--stack", "dev", "--connector", "moveworks", "--json", "--markdown"],
      "--json and --markdown cannot be combined",
    ],
    [["--stack", "dev", "--connector", "moveworks", "--bogus"], "unknown option --bogus"],
    [
      ["--stack", "dev", "--conector", "moveworks"],
      'unknown option --conector (did you mean "--connector"?)',
    ],
    [
      ["--stack", "dev", "--connector", "moveworks", "--field", "KID", "--json"],
      "--field and --json cannot be combined",
    ],
  ])("%j exits 2", async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("reads a stack through the Pulumi CLI like verify does", async () => {
    const seen: string[][] = [];
    const { code, stdout } = await run(
      ["--stack", "dev", "--connector", "servicenow-voice-agent"],
      async (args) => {
        seen.push([...args]);
        return JSON.stringify(apiKey);
      },
    );
    expect(code).toBe(0);
    expect(seen).toEqual([["stack", "output", "--json", "--show-secrets", "--stack", "dev"]]);
    expect(stdout.split("\n")[1]).toContain("stack dev · connector servicenow-voice-agent");
    expectNoSecret(stdout, "stdout");
  });

  it("runs as `npm run handoff` (tsx cli/handoff.ts)", async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "cli/handoff.ts", "--outputs", oauthFile, "--connector", "moveworks"],
        { cwd: join(__dirname, "../.."), encoding: "utf8" },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Moveworks Agent Studio: Okta connector (JWT Auth)");
    expectNoSecret(result.stdout, "npm run handoff");
  });
});
