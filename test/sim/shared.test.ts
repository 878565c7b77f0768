// The simulators' shared pieces: fault plans, the scaled clock, body limits, absolute-form URLs,
// and the recorder's bounded memory with exact totals.
import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { simClock } from "../../sim/shared/clock";
import { FaultPlan, parseFault } from "../../sim/shared/faults";
import { Recorder, type CallRecord } from "../../sim/shared/recorder";
import { BodyTooLarge, readBody, requestUrl, sendJson, startServer } from "../../sim/shared/server";

describe("parseFault", () => {
  it("reads status, timeout and drop faults with an optional count", () => {
    expect(parseFault("createApplication:429x3")).toEqual({
      operation: "createApplication",
      kind: { status: 429 },
      remaining: 3,
    });
    expect(parseFault("*:timeout").kind).toEqual({ timeout: true });
    expect(parseFault("getApplication:drop").remaining).toBe(Infinity);
  });

  it("reads an API error code on a status fault and a slow answer", () => {
    expect(parseFault("CreateVerification:429/60203x1")).toEqual({
      operation: "CreateVerification",
      kind: { status: 429, code: 60203 },
      remaining: 1,
    });
    expect(parseFault("CreateVerification:slow2500").kind).toEqual({ slowMs: 2500 });
  });

  it("names the expected form on bad input", () => {
    expect(() => parseFault("createApplication=429")).toThrow(
      /expected <operation>:<status\[\/code\]\|timeout\|drop\|slow<ms>>\[x<times>\]/,
    );
  });
});

describe("FaultPlan", () => {
  it("fails exactly the counted calls of the named operation, then answers normally", () => {
    const plan = new FaultPlan();
    plan.add("createApplication:503x2");
    expect(plan.take("getApplication")).toBeUndefined();
    expect(plan.take("createApplication")).toEqual({ status: 503 });
    expect(plan.take("createApplication")).toEqual({ status: 503 });
    expect(plan.take("createApplication")).toBeUndefined();
  });
});

describe("simClock", () => {
  it("advances on demand and scales sleeps", async () => {
    const clock = simClock({ scale: 1000, start: 0 });
    clock.advance(60_000);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
    const before = Date.now();
    await clock.sleep(10_000); // 10 simulated seconds = 10 real ms
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(() => simClock({ scale: 0 })).toThrow(/scale must be > 0/);
  });
});

describe("startServer", () => {
  it("parses absolute-form request targets and maps a thrown error through onError", async () => {
    const server = await startServer(
      async (req, res) => {
        if (req.method === "POST") await readBody(req, 4);
        sendJson(res, 200, { path: requestUrl(req).pathname });
      },
      {
        onError: (res, err) =>
          sendJson(res, err instanceof BodyTooLarge ? 413 : 500, { err: String(err) }),
      },
    );
    try {
      const answer = (path: string, method = "GET", body?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: "127.0.0.1", port: server.port, path, method }, (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          });
          req.on("error", reject);
          req.end(body);
        });
      expect(await answer(`${server.url}/api/v1/apps?limit=1`)).toEqual({
        status: 200,
        body: JSON.stringify({ path: "/api/v1/apps" }),
      });
      expect((await answer("/x", "POST", "too long")).status).toBe(413);
    } finally {
      await server.close();
    }
  });

  it("keeps an idle connection open for clients that reuse it, and still closes at once", async () => {
    // A server that drops idle sockets before its clients do races their next request on that
    // socket (ECONNRESET, which real Okta would not cause); Go's client keeps them 90 s.
    const server = await startServer((_req, res) => sendJson(res, 200, {}), {
      onError: (res) => sendJson(res, 500, {}),
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const reused = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: server.port, path: "/", agent }, (res) => {
          res.resume();
          res.on("end", () => resolve(req.reusedSocket));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      expect(await reused()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await reused()).toBe(true);
    } finally {
      // With the socket still open: close() must not wait for it (a hang fails the test).
      await server.close();
      agent.destroy();
    }
  });
});

describe("Recorder", () => {
  const call = (i: number, patch: Partial<CallRecord> = {}): CallRecord => ({
    sim: "okta",
    operation: i % 3 === 0 ? "listApplications" : "getApplication",
    method: "GET",
    path: `/api/v1/apps/${i}`,
    status: i % 10 === 0 ? 429 : 200,
    caller: i % 2 === 0 ? "client-a" : "client-b",
    bucket: "api/v1/apps/{id}",
    latencyMs: 1,
    at: i,
    ...patch,
  });

  it("keeps only the most recent calls, oldest first, while its totals count every call", () => {
    const recorder = new Recorder({ keep: 5 });
    for (let i = 1; i <= 12; i++) recorder.record(call(i));
    expect(recorder.calls.map((c) => c.at)).toEqual([8, 9, 10, 11, 12]);
    expect([recorder.total, recorder.dropped]).toEqual([12, 7]);
    const { totals } = recorder;
    expect(Object.fromEntries(totals.byOperation)).toEqual({
      getApplication: 8,
      listApplications: 4,
    });
    expect(Object.fromEntries(totals.byStatus)).toEqual({ 200: 11, 429: 1 });
    expect(Object.fromEntries(totals.byCaller)).toEqual({ "client-a": 6, "client-b": 6 });
    expect(Object.fromEntries(totals.byBucket)).toEqual({ "api/v1/apps/{id}": 12 });
    expect(recorder.count("getApplication")).toBe(8);
    expect(recorder.count("getApplication", 429)).toBe(1);
    expect(recorder.count("listApplications", 429)).toBe(0);
  });

  it("hands every call to its listeners, and forgets calls and totals on clear", () => {
    const recorder = new Recorder({ keep: 2 });
    const seen: number[] = [];
    const stop = recorder.onCall((c) => seen.push(c.at));
    for (let i = 1; i <= 4; i++) recorder.record(call(i));
    stop();
    recorder.record(call(5));
    expect(seen).toEqual([1, 2, 3, 4]);
    recorder.clear();
    expect([recorder.calls, recorder.total, recorder.totals.byOperation.size]).toEqual([[], 0, 0]);
    recorder.record(call(6, { operation: "gap:GET /nowhere", status: 404 }));
    expect(recorder.gaps.map((c) => c.at)).toEqual([6]);
    expect(() => new Recorder({ keep: 0 })).toThrow(/positive integer/);
  });

  it("tracks requests in flight and their peak until the next clear", () => {
    const recorder = new Recorder();
    const first = recorder.enter();
    const second = recorder.enter();
    second();
    second(); // releasing twice counts once
    expect([recorder.inFlight, recorder.peakInFlight]).toEqual([1, 2]);
    recorder.clear();
    expect(recorder.peakInFlight).toBe(1);
    first();
    expect([recorder.inFlight, recorder.peakInFlight]).toEqual([0, 1]);
  });
});
