// The Cloudflare simulator's API surface without a running Worker (one tiny script at most): auth,
// routing, every bad input and its Cloudflare error, subdomains, domains, zones and faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCloudflareSim, type CloudflareSim } from "../../../sim/cloudflare/index";
import {
  cf,
  cfRaw,
  firstError,
  providerMultipart,
  uploadScript,
  type ProviderScript,
} from "./support/provider";

let sim: CloudflareSim;

beforeAll(async () => {
  sim = await startCloudflareSim({ accountSubdomain: null, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.recorder.clear();
});

const scripts = () => `accounts/${sim.accountId}/workers/scripts`;
const tiny: ProviderScript = {
  scriptName: "tiny",
  mainModule: "index.js",
  compatibilityDate: "2025-09-01",
  bindings: [{ name: "GREETING", type: "plain_text", text: "hi" }],
  content: `export default { fetch: (_r, env) => new Response(env.GREETING) }`,
};
const envelope = (status: number, ...errors: unknown[]) => ({
  status,
  json: { success: false, errors, messages: [], result: null },
});
const pick = (a: { status: number; json: Record<string, unknown> }) => ({
  status: a.status,
  json: a.json,
});

describe("authentication", () => {
  const list = (authorization?: string) =>
    fetch(`${sim.baseUrl}${scripts()}`, {
      headers: authorization === undefined ? {} : { authorization },
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it("no Authorization header: 400 9106", async () => {
    expect(await list()).toEqual(
      envelope(400, {
        code: 9106,
        message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
      }),
    );
  });

  it.each([
    ["not Bearer", `Token ${"a".repeat(40)}`],
    ["too short", `Bearer ${"a".repeat(39)}`],
    ["outside [0-9A-Za-z_-]", `Bearer ${"a".repeat(39)}.`],
    ["with a space", `Bearer ${"a".repeat(20)} ${"a".repeat(20)}`],
  ])("a malformed token (%s): 400 6003 with 6111 in error_chain", async (_label, header) => {
    expect(await list(header)).toEqual(
      envelope(400, {
        code: 6003,
        message: "Invalid request headers",
        error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
      }),
    );
  });

  it("a well-formed token the simulator did not issue: 401 10000; another account's token: 403 10000", async () => {
    expect(await list(`Bearer ${"a".repeat(40)}`)).toEqual(
      envelope(401, { code: 10000, message: "Authentication error" }),
    );
    expect(await list(`Bearer ${sim.issueToken("f".repeat(32))}`)).toEqual(
      envelope(403, { code: 10000, message: "Authentication error" }),
    );
  });

  it("the simulator's token verifies; an unknown one is 401 1000; the token is never recorded", async () => {
    const good = await cf(sim, "GET", "user/tokens/verify");
    expect(good.json).toMatchObject({
      success: true,
      result: { status: "active" },
      messages: [{ code: 10000, message: "This API Token is valid and active" }],
    });
    const bad = await cf(sim, "GET", "user/tokens/verify", undefined, {
      authorization: `Bearer ${"b".repeat(40)}`,
    });
    expect(pick(bad)).toEqual(envelope(401, { code: 1000, message: "Invalid API Token" }));
    const [first, second] = sim.recorder.calls;
    expect(first!.caller).toBe(`token:${(good.json.result as { id: string }).id}`);
    expect(second!.caller).toBe("anonymous");
    expect(JSON.stringify(sim.recorder.calls)).not.toContain(sim.apiToken);
  });
});

describe("routing", () => {
  it("an unknown path is 400 7003 + 7000 and recorded as a gap; a known path with another method is 405", async () => {
    const unknown = await cf(sim, "GET", `accounts/${sim.accountId}/workers/nothing-here`);
    expect(pick(unknown)).toEqual(
      envelope(
        400,
        {
          code: 7003,
          message: `Could not route to /client/v4/accounts/${sim.accountId}/workers/nothing-here, perhaps your object identifier is invalid?`,
        },
        { code: 7000, message: "No route for that URI" },
      ),
    );
    const outside = await fetch(`${sim.url}/v3/zones`);
    expect(outside.status).toBe(400);
    const badEscape = await cf(sim, "GET", `accounts/%E0%A4%A/workers/scripts/x/settings`);
    expect(firstError(badEscape).code).toBe(7003);
    const method = await cf(sim, "POST", `accounts/${sim.accountId}/workers/domains`, {});
    expect([method.status, firstError(method).code]).toEqual([405, 7001]);
    expect(sim.recorder.gaps.map((c) => c.operation)).toEqual([
      `gap:GET /client/v4/accounts/${sim.accountId}/workers/nothing-here`,
      "gap:GET /v3/zones",
      "gap:GET /client/v4/accounts/%E0%A4%A/workers/scripts/x/settings",
      `gap:POST /client/v4/accounts/${sim.accountId}/workers/domains`,
    ]);
  });
});

describe("script upload: bad input", () => {
  const upload = (body: Buffer | string, contentType: string, name = "tiny") =>
    cfRaw(sim, "PUT", `${scripts()}/${name}`, body, contentType);
  /** A multipart body with the given parts, framed as Go writes it. */
  const multipart = (
    parts: { name: string; filename?: string; type: string; content: string }[],
  ) => {
    const boundary = "b".repeat(60);
    const body = parts
      .map(
        (p) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\nContent-Type: ${p.type}\r\n\r\n${p.content}`,
      )
      .join("\r\n");
    return [`${body}\r\n--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`] as const;
  };
  const module = {
    name: "index.js",
    filename: "index.js",
    type: "application/javascript+module",
    content: tiny.content,
  };
  const meta = (metadata: unknown) => ({
    name: "metadata",
    type: "application/json",
    content: JSON.stringify(metadata),
  });

  it.each([
    [
      "a JSON body",
      () => [JSON.stringify({ main_module: "index.js" }), "application/json"] as const,
      10021,
      /^Content-Type: must be multipart\/form-data/,
    ],
    [
      "a body that is not multipart",
      () => ["no parts here", `multipart/form-data; boundary=${"c".repeat(60)}`] as const,
      10021,
      /could not be parsed/,
    ],
    ["no metadata part", () => multipart([module]), 10021, /^metadata: part missing/],
    [
      "metadata that is not JSON",
      () => multipart([module, { name: "metadata", type: "application/json", content: "{main" }]),
      6007,
      /^Malformed JSON/,
    ],
    [
      "metadata without main_module",
      () => multipart([module, meta({ compatibility_date: "2025-09-01" })]),
      10021,
      /^metadata\.main_module: required/,
    ],
    [
      "main_module naming no part",
      () => multipart([module, meta({ main_module: "main.js" })]),
      10021,
      /^No such module "main\.js"\.$/,
    ],
    [
      "a module part without a filename",
      () => multipart([{ ...module, filename: undefined }, meta({ main_module: "index.js" })]),
      10021,
      /needs a filename/,
    ],
    [
      "a module part of an unknown type",
      () => multipart([{ ...module, type: "image/png" }, meta({ main_module: "index.js" })]),
      10021,
      /is not a module type; allowed: application\/javascript\+module/,
    ],
    [
      "a binding type not simulated",
      () =>
        multipart([
          module,
          meta({
            main_module: "index.js",
            bindings: [{ name: "KV", type: "kv_namespace", namespace_id: "x" }],
          }),
        ]),
      10021,
      /^binding KV of type "kv_namespace" is not simulated; allowed: plain_text, secret_text, json$/,
    ],
    [
      "a secret_text binding without text",
      () =>
        multipart([
          module,
          meta({ main_module: "index.js", bindings: [{ name: "S", type: "secret_text" }] }),
        ]),
      10021,
      /^binding S of type secret_text must have a valid `text` specified$/,
    ],
    [
      "a binding bound twice",
      () =>
        multipart([
          module,
          meta({
            main_module: "index.js",
            bindings: [
              { name: "A", type: "plain_text", text: "1" },
              { name: "A", type: "plain_text", text: "2" },
            ],
          }),
        ]),
      10021,
      /A is bound twice/,
    ],
    [
      "a malformed compatibility_date",
      () => multipart([module, meta({ main_module: "index.js", compatibility_date: "2025-9-1" })]),
      10021,
      /^metadata\.compatibility_date: must be YYYY-MM-DD/,
    ],
    [
      "a usage_model other than standard",
      () => multipart([module, meta({ main_module: "index.js", usage_model: "bundled" })]),
      10021,
      /the only allowed value is "standard"/,
    ],
  ])("%s: Cloudflare's error, no Worker started", async (_label, make, code, message) => {
    const [body, contentType] = make();
    const answer = await upload(body, contentType);
    expect(answer.status).toBe(400);
    expect(firstError(answer)).toEqual({ code, message: expect.stringMatching(message) });
    expect(sim.state.scripts.size).toBe(0);
  });

  it("a script name Cloudflare would refuse, and a body over the limit (413)", async () => {
    const [body, contentType] = multipart([module, meta({ main_module: "index.js" })]);
    expect(firstError(await upload(body, contentType, "Not_Valid!")).message).toMatch(
      /^script_name: must be/,
    );
    const big = await upload(`${body}${"x".repeat(70 * 1024)}`, contentType);
    expect([big.status, firstError(big)]).toEqual([
      413,
      { code: 413, message: "request body over the simulator's 65536-byte limit" },
    ]);
  });

  it("reads of a script that does not exist: 404 10007", async () => {
    for (const path of [
      `${scripts()}/nope/settings`,
      `${scripts()}/nope/content/v2`,
      `accounts/${sim.accountId}/workers/services/nope`,
      `${scripts()}/nope/subdomain`,
    ]) {
      const answer = await cf(sim, "GET", path);
      expect([answer.status, firstError(answer)]).toEqual([
        404,
        { code: 10007, message: "This Worker does not exist on your account." },
      ]);
    }
    expect(firstError(await cf(sim, "DELETE", `${scripts()}/nope`)).code).toBe(10007);
  });
});

describe("workers.dev and custom domains around one tiny script", () => {
  beforeAll(async () => {
    const uploaded = await uploadScript(sim, tiny);
    expect(uploaded.status, uploaded.text).toBe(200);
  });

  it("the provider's multipart framing, read back through settings", async () => {
    const { body, contentType } = providerMultipart(tiny);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    expect(body.toString()).toContain(
      'Content-Disposition: form-data; name="index.js"; filename="index.js"\r\nContent-Type: application/javascript+module',
    );
    const settings = await cf(sim, "GET", `${scripts()}/tiny/settings`);
    expect(settings.json.result).toMatchObject({
      bindings: [{ name: "GREETING", type: "plain_text", text: "hi" }],
      compatibility_date: "2025-09-01",
      compatibility_flags: [],
      usage_model: "standard",
    });
  });

  it("an account without a workers.dev subdomain: GET is 404, enabling a script is 10063; after PUT it works", async () => {
    const before = await cf(sim, "GET", `accounts/${sim.accountId}/workers/subdomain`);
    expect([before.status, firstError(before)]).toEqual([
      404,
      { code: 10007, message: "workers.api.error.script_not_found" },
    ]);
    const enable = () =>
      cf(sim, "POST", `${scripts()}/tiny/subdomain`, { enabled: true, previews_enabled: false });
    const refused = await enable();
    expect([refused.status, firstError(refused).code]).toEqual([400, 10063]);
    expect(
      (
        await cf(sim, "PUT", `accounts/${sim.accountId}/workers/subdomain`, {
          subdomain: "Bad_Label",
        })
      ).status,
    ).toBe(400);
    const registered = await cf(sim, "PUT", `accounts/${sim.accountId}/workers/subdomain`, {
      subdomain: "acme",
    });
    expect(registered.json.result).toEqual({ subdomain: "acme" });
    expect((await enable()).json.result).toEqual({ enabled: true, previews_enabled: false });
    const res = await sim.fetchForHost("https://tiny.acme.workers.dev/");
    expect(await res.text()).toBe("hi");
    expect(sim.localUrl("tiny.acme.workers.dev")).toBe(sim.hosts()[0]!.localUrl);
  });

  it("subdomain and domain bodies are checked: malformed JSON 6007, wrong types 10021", async () => {
    const malformed = await cf(sim, "POST", `${scripts()}/tiny/subdomain`, "{enabled");
    expect([malformed.status, firstError(malformed)]).toEqual([
      400,
      { code: 6007, message: "Malformed JSON in request body" },
    ]);
    expect(firstError(await cf(sim, "POST", `${scripts()}/tiny/subdomain`, [true])).message).toBe(
      "request body: must be a JSON object",
    );
    expect(
      firstError(await cf(sim, "POST", `${scripts()}/tiny/subdomain`, { enabled: "yes" })).message,
    ).toBe('enabled: required, true or false; got "yes"');
    const domains = `accounts/${sim.accountId}/workers/domains`;
    const zone = sim.state.zones[0]!;
    expect(
      firstError(
        await cf(sim, "PUT", domains, {
          hostname: "https://x.example.com",
          service: "tiny",
          zone_id: zone.id,
        }),
      ).message,
    ).toMatch(/^hostname: required, a lowercase DNS hostname/);
    expect(
      firstError(
        await cf(sim, "PUT", domains, {
          hostname: "x.example.com",
          service: "ghost",
          zone_id: zone.id,
        }),
      ).code,
    ).toBe(10007);
    const outside = await cf(sim, "PUT", domains, {
      hostname: "x.example.org",
      service: "tiny",
      zone_id: zone.id,
    });
    expect([outside.status, firstError(outside)]).toEqual([
      404,
      { code: 10083, message: 'workers.api.error.zone_not_found for "x.example.org"' },
    ]);
    expect((await cf(sim, "GET", `${domains}/${"0".repeat(32)}`)).status).toBe(404);
  });

  it("domains list by filter, attach again is idempotent, detach removes", async () => {
    const domains = `accounts/${sim.accountId}/workers/domains`;
    const zone = sim.state.zones[0]!;
    const first = await cf(sim, "PUT", domains, {
      hostname: "a.example.com",
      service: "tiny",
      zone_name: zone.name,
    });
    const again = await cf(sim, "PUT", domains, {
      hostname: "a.example.com",
      service: "tiny",
      zone_id: zone.id,
    });
    expect((again.json.result as { id: string }).id).toBe((first.json.result as { id: string }).id);
    await cf(sim, "PUT", domains, { hostname: "b.example.com", service: "tiny", zone_id: zone.id });
    const filtered = await cf(sim, "GET", `${domains}?hostname=b.example.com`);
    expect((filtered.json.result as { hostname: string }[]).map((d) => d.hostname)).toEqual([
      "b.example.com",
    ]);
    const id = (first.json.result as { id: string }).id;
    expect((await cf(sim, "DELETE", `${domains}/${id}`)).json.result).toBeNull();
    expect((await cf(sim, "DELETE", `${domains}/${id}`)).status).toBe(404);
  });
});

describe("zones", () => {
  it("lists by name with result_info and reads by id; an unknown id is 404", async () => {
    const zone = sim.state.zones[0]!;
    const list = await cf(sim, "GET", `zones?name=${zone.name}&account.id=${sim.accountId}`);
    expect(list.json).toMatchObject({
      result: [{ id: zone.id, name: zone.name, status: "active" }],
      result_info: { page: 1, count: 1, total_count: 1, total_pages: 1 },
    });
    expect((await cf(sim, "GET", "zones?name=nope.example")).json.result).toEqual([]);
    expect((await cf(sim, "GET", `zones/${zone.id}`)).json.result).toMatchObject({
      name: zone.name,
    });
    expect((await cf(sim, "GET", `zones/${"f".repeat(32)}`)).status).toBe(404);
  });
});

describe("faults", () => {
  it("status faults answer Cloudflare's error for the status; a code may be named", async () => {
    sim.faults.add("listZones:429x1");
    const limited = await fetch(`${sim.baseUrl}zones`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "1"]);
    sim.faults.add("listZones:503x1");
    const down = await cf(sim, "GET", "zones");
    expect([down.status, firstError(down).code]).toEqual([503, 10013]);
    sim.faults.add("listZones:500/10001x1");
    expect(firstError(await cf(sim, "GET", "zones")).code).toBe(10001);
    expect((await cf(sim, "GET", "zones")).status).toBe(200);
    expect(sim.recorder.calls.map((c) => [c.status, c.errorCode])).toEqual([
      [429, "971"],
      [503, "10013"],
      [500, "10001"],
      [200, undefined],
    ]);
  });

  it("timeout and drop never answer and are recorded with status 0", async () => {
    sim.faults.add("listZones:timeoutx1");
    const timedOut = await fetch(`${sim.baseUrl}zones`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
      signal: AbortSignal.timeout(200),
    }).catch((e: unknown) => (e as Error).name);
    expect(timedOut).toBe("TimeoutError");
    sim.faults.add("listZones:dropx1");
    const dropped = await cf(sim, "GET", "zones").catch((e: unknown) => (e as Error).message);
    expect(dropped).toBe("fetch failed");
    expect(sim.recorder.calls.map((c) => [c.operation, c.status])).toEqual([
      ["listZones", 0],
      ["listZones", 0],
    ]);
  });
});

describe("fetchForHost", () => {
  it("a hostname no script serves fails like DNS would (TypeError, cause ENOTFOUND)", async () => {
    const failed = await sim
      .fetchForHost("https://nothing.example.com/okta/events")
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TypeError);
    expect((failed as TypeError).cause).toMatchObject({
      code: "ENOTFOUND",
      hostname: "nothing.example.com",
    });
    expect(sim.localUrl("nothing.example.com")).toBeUndefined();
  });
});

describe("options", () => {
  it("a bad account id, zone or upstream is refused at start with the value and the form", async () => {
    await expect(startCloudflareSim({ accountId: "ACME" })).rejects.toThrow(
      'accountId: must be 32 lowercase hex characters; got "ACME"',
    );
    await expect(startCloudflareSim({ zones: [{ name: "Example.COM" }] })).rejects.toThrow(
      'zones: "Example.COM" is not a lowercase DNS name',
    );
    await expect(
      startCloudflareSim({ upstreams: { "verify.twilio.com": "http://127.0.0.1:1" } }),
    ).rejects.toThrow(
      'upstreams: "verify.twilio.com" is not an origin such as https://verify.twilio.com',
    );
  });
});
