// readStackOutputs: where outputs come from, and that every error names the key but never the
// value (the outputs are read with --show-secrets).

import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  parseStackOutputs,
  readStackOutputs,
  runPulumiCli,
  StackOutputsError,
} from "../../cli/lib/stackOutputs";

const SECRET_PEM = "-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-BODY\n-----END PRIVATE KEY-----\n";

function validApp(overrides: Record<string, unknown> = {}) {
  return {
    clientId: "0oa123",
    tokenUrl: "https://example.okta.com/oauth2/v1/token",
    audience: "https://example.okta.com/oauth2/v1/token",
    orgUrl: "https://example.okta.com",
    activeKid: "kid-1",
    algorithm: "RS256",
    scopes: ["okta.users.read"],
    requireDpop: true,
    privateKeyPem: SECRET_PEM,
    privateKeyJwk: { kty: "RSA", d: "TOP-SECRET-D" },
    ...overrides,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<StackOutputsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackOutputsError);
  return error as StackOutputsError;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "verify-outputs-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("parseStackOutputs", () => {
  it("accepts the contract and drops keys it does not know", () => {
    const outputs = parseStackOutputs({ serviceApps: { mw: validApp() }, other: 1 }, "test");
    expect(outputs.serviceApps?.mw?.clientId).toBe("0oa123");
    expect(outputs).not.toHaveProperty("other");
  });

  it("names each bad key and what it expected, without quoting values", () => {
    let error: unknown;
    try {
      parseStackOutputs(
        {
          serviceApps: {
            mw: validApp({ activeKid: 7, algorithm: "HS256", privateKeyPem: "TOP-SECRET-RAW" }),
          },
        },
        "stack dev",
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackOutputsError);
    const { code, message } = error as StackOutputsError;
    expect(code).toBe("INVALID_SHAPE");
    expect(message).toContain("stack outputs from stack dev");
    expect(message).toContain("serviceApps.mw.activeKid: expected string");
    expect(message).toContain('serviceApps.mw.algorithm: expected one of "RS256", "ES256"');
    expect(message).toContain("serviceApps.mw.privateKeyPem: expected a PEM private key");
    expect(message).not.toContain("TOP-SECRET");
    expect(message).not.toContain("HS256");
  });

  it("names a missing nested key", () => {
    const { scopes: _omit, ...noScopes } = validApp();
    expect(() => parseStackOutputs({ serviceApps: { mw: noScopes } }, "f")).toThrow(
      "serviceApps.mw.scopes: expected array",
    );
  });
});

describe("readStackOutputs", () => {
  it("reads a --outputs file", async () => {
    const file = join(dir, "ok.json");
    await writeFile(file, JSON.stringify({ serviceApps: { mw: validApp() } }));
    const outputs = await readStackOutputs({ outputsFile: file });
    expect(Object.keys(outputs.serviceApps ?? {})).toEqual(["mw"]);
  });

  it("runs pulumi stack output with --json --show-secrets --stack", async () => {
    const calls: (readonly string[])[] = [];
    const outputs = await readStackOutputs({
      stack: "prod",
      runPulumi: async (args) => {
        calls.push(args);
        return JSON.stringify({ serviceApps: {} });
      },
    });
    expect(calls).toEqual([["stack", "output", "--json", "--show-secrets", "--stack", "prod"]]);
    expect(outputs.serviceApps).toEqual({});
  });

  it("prefers --outputs over --stack", async () => {
    const file = join(dir, "pref.json");
    await writeFile(file, "{}");
    const outputs = await readStackOutputs({
      stack: "prod",
      outputsFile: file,
      runPulumi: () => Promise.reject(new Error("must not run")),
    });
    expect(outputs).toEqual({});
  });

  it("rejects invalid JSON without quoting it (JSON.parse's message would)", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, `{"privateKeyPem": "TOP-SECRET-RAW" oops`);
    const error = await errorOf(readStackOutputs({ outputsFile: file }));
    expect(error.code).toBe("INVALID_JSON");
    expect(error.message).toBe(`stack outputs from ${file} are not valid JSON`);
  });

  it("reports an unreadable file by its errno code", async () => {
    const error = await errorOf(readStackOutputs({ outputsFile: join(dir, "none.json") }));
    expect(error.code).toBe("FILE_UNREADABLE");
    expect(error.message).toContain("ENOENT");
  });

  it("asks for a source when given neither", async () => {
    expect((await errorOf(readStackOutputs({}))).code).toBe("NO_SOURCE");
  });

  it("suggests --outputs when the pulumi CLI is not on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // a directory without a pulumi binary
    try {
      const error = await errorOf(runPulumiCli(["stack", "output"]));
      expect(error.code).toBe("PULUMI_NOT_FOUND");
      expect(error.message).toContain("--outputs <file>");
    } finally {
      process.env.PATH = path;
    }
  });

  it("reports a failing pulumi with its stderr but not its stdout", async () => {
    const fake = join(dir, "pulumi");
    await writeFile(
      fake,
      "#!/bin/sh\necho 'TOP-SECRET-STDOUT'\necho 'error: no stack named dev found' >&2\nexit 255\n",
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    try {
      const error = await errorOf(runPulumiCli(["stack", "output", "--stack", "dev"]));
      expect(error.code).toBe("PULUMI_FAILED");
      expect(error.message).toBe("pulumi stack output failed: error: no stack named dev found");
    } finally {
      process.env.PATH = path;
    }
  });
});
