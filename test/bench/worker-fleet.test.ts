// The benchmark's same-I/O baseline (bench/worker-fleet.ts) must send the upstreams what the
// receiver sends: issue 16 judges the receiver's throughput as a share of the baseline's, and the
// simulators answering both run on the same CPUs, so a smaller request from the baseline (no
// Locale, no Accept) would be a head start the receiver never gets. Both Workers run in workerd
// against one loopback server that records every request and answers as Okta and Twilio do.

import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { BodyTemplate } from "../../bench/load";
import {
  countLog,
  feedbackBody,
  fleetSecrets,
  hookHeaders,
  telephonyBody,
  workerScripts,
  type FleetSecrets,
} from "../../bench/worker-fleet";
import { startWorkerd, type RunningWorker } from "../../bench/workerd";
import { fixture } from "../worker/support/fixtures";
import { waitFor } from "../worker/support/wait";

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const TOKEN = "bench-fleet-test-token";
const USER = fixture<{ profile: Record<string, unknown> }>("okta-user-get-response.json");
const seen: Seen[] = [];
let server: Server;
let url = "";
let secrets: FleetSecrets;
const workers: Partial<Record<"baseline" | "receiver", RunningWorker>> = {};

/** Okta's token, user and Twilio's create and approve answers, just enough for both Workers. */
function answer(req: IncomingMessage, body: string): [number, unknown] {
  const path = req.url ?? "";
  if (path === "/oauth2/v1/token") {
    return [200, { token_type: "Bearer", access_token: TOKEN, expires_in: 3600 }];
  }
  const user = /^\/api\/v1\/users\/[^/]*(\d{6})$/.exec(path);
  if (user) {
    return [200, { ...USER, profile: { ...USER.profile, mobilePhone: `+1 201 5${user[1]}` } }];
  }
  if (/\/Verifications$/.test(path)) {
    const to = new URLSearchParams(body).get("To");
    return [201, { sid: `VE${"1".repeat(32)}`, to, send_code_attempts: [{ attempt_sid: "VL1" }] }];
  }
  if (/\/Verifications\/[^/]+$/.test(path)) return [200, { status: "approved" }];
  return [404, {}];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      );
      seen.push({ method: req.method ?? "", path: req.url ?? "", headers, body });
      const [status, json] = answer(req, body);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ secrets } = await fleetSecrets());
  const scripts = await workerScripts({ oktaUrl: url, twilioUrl: url }, secrets);
  for (const name of ["baseline", "receiver"] as const) {
    workers[name] = await startWorkerd({
      script: scripts[name].script,
      compatibilityDate: "2025-09-01",
      // The baseline is given an access token instead of fetching one; here, the one Okta issues.
      bindings:
        name === "baseline"
          ? { ...scripts[name].bindings, OKTA_TOKEN: TOKEN }
          : scripts[name].bindings,
    });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(workers).map((w) => w.stop()));
  await new Promise((resolve) => server.close(resolve));
});

function fill(template: BodyTemplate, id: string, digits6: string): string {
  return template.parts
    .map(
      (part, i) =>
        part + (i < template.holes.length ? (template.holes[i] === "id" ? id : digits6) : ""),
    )
    .join("");
}

/** What `worker` sent upstream for one hook request, token requests aside. */
async function upstreamCalls(
  worker: "baseline" | "receiver",
  path: string,
  headers: Record<string, string>,
  body: string,
  expected: number,
): Promise<Seen[]> {
  const from = seen.length;
  const res = await fetch(new URL(path, workers[worker]!.url), { method: "POST", headers, body });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const calls = () => seen.slice(from).filter((s) => s.path !== "/oauth2/v1/token");
  await waitFor(
    () => calls().length >= expected,
    `${expected} upstream calls from the ${worker}`,
    10_000,
  );
  return calls();
}

test("telephony: the baseline's Twilio request is the receiver's, headers, form and Locale", async () => {
  const body = fill(telephonyBody(), "tel-1", "000123");
  const { telephonyHeaders } = hookHeaders(secrets);
  const receiver = await upstreamCalls("receiver", "/okta/telephony", telephonyHeaders, body, 1);
  const baseline = await upstreamCalls(
    "baseline",
    "/okta/telephony",
    telephonyHeaders,
    fill(telephonyBody(), "tel-2", "000123"),
    1,
  );
  expect(receiver).toHaveLength(1);
  // Okta's documented request asks for EN-US: the receiver passes it on, so the baseline must too.
  expect(new URLSearchParams(receiver[0]!.body).get("Locale")).toBe("en");
  expect(baseline).toEqual(receiver);
});

test("feedback: the baseline reads the same user and approves the same phone, byte for byte", async () => {
  const { eventHeaders } = hookHeaders(secrets);
  const receiver = await upstreamCalls(
    "receiver",
    "/okta/events",
    eventHeaders,
    fill(feedbackBody(), "ev-1", "000456"),
    2,
  );
  const baseline = await upstreamCalls(
    "baseline",
    "/okta/events",
    eventHeaders,
    fill(feedbackBody(), "ev-2", "000456"),
    2,
  );
  expect(receiver.map((c) => `${c.method} ${c.path}`)).toEqual([
    "GET /api/v1/users/00uFb000456",
    expect.stringMatching(/^POST \/v2\/Services\/VA\w+\/Verifications\/%2B12015000456$/),
  ]);
  expect(baseline).toEqual(receiver);
});

test("countLog reads the log in chunks, from an offset, and leaves a line still being written", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "oktaplane-test-")), "log");
  const done = (approved: number) =>
    JSON.stringify({
      level: "info",
      msg: "event_hook.delivery_done",
      approved,
      shed: 1,
      user: "Zoë",
    });
  writeFileSync(file, `${done(2)}\n{"level":"error","msg":"x"}\n\n${done(3)}\n{"level":"in`);
  // 7-byte chunks split lines, and "ë" (two bytes), across reads.
  const first = countLog(file, 0, 7);
  expect(first).toMatchObject({ lines: 3, errors: 1 });
  expect(first.outcomes).toMatchObject({ approved: 5, shed: 2 });
  expect(countLog(file)).toEqual(first);
  appendFileSync(file, `fo"}\n${done(4)}\n`);
  const next = countLog(file, first.end, 7);
  expect(next).toMatchObject({ lines: 2, errors: 0 });
  expect(next.outcomes).toMatchObject({ approved: 4, shed: 1 });
  expect(countLog(path.join(path.dirname(file), "absent"), 12).end).toBe(12);
});
