// HookEndpointReady as the engine runs it (serialized, loaded from text) against a loopback
// receiver that is not serving at first, as a new custom domain whose certificate is pending:
// it waits within its bound, then Okta's one-time verification (the Okta simulator, which
// really calls the hook URI) succeeds; out of time, it fails saying what to check. What this
// does not prove: how long Cloudflare takes to activate a certificate.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  hookEndpointReadyProvider,
  type HookEndpointReadyInputs,
  type HookEndpointReadyState,
} from "../../components/hookEndpointReady";
import { startOktaSim, type OktaSim } from "../../sim/okta";
import { call } from "../sim/okta/support";
import { serializeProvider, type LoadedProvider } from "./support/serializedProvider";

const SECRET = "s3cretHookValue0123456789abcdefghijklmnopqrstu";
const HEADER = "x-okta-event-key";
let provider: LoadedProvider<HookEndpointReadyInputs, HookEndpointReadyState>;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ provider } = await serializeProvider(hookEndpointReadyProvider, "ready-provider.js"));
});
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A port nothing listens on yet (connections are refused until `listen`). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/**
 * The Worker's event hook route as Okta sees it: echoes the challenge when the auth header holds
 * the secret; the first `failing` requests get `failStatus` (Cloudflare's answer before the
 * route serves).
 */
function receiver(options: { failing?: number; failStatus?: number } = {}) {
  let failing = options.failing ?? 0;
  const seen: { challenge?: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    const challenge = req.headers["x-okta-verification-challenge"];
    seen.push({ challenge: challenge as string, auth: req.headers[HEADER] as string });
    if (failing > 0) {
      failing--;
      res.writeHead(options.failStatus ?? 526).end();
      return;
    }
    if (req.headers[HEADER] !== SECRET) return void res.writeHead(401).end();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ verification: challenge }));
  });
  const listen = (port: number) =>
    new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { server, seen, listen };
}

const inputs = (uri: string, over: Partial<HookEndpointReadyInputs> = {}) => ({
  kind: "hook-endpoint-ready" as const,
  uri,
  authHeader: HEADER,
  secret: SECRET,
  timeoutSeconds: 5,
  intervalSeconds: 0.05,
  ...over,
});

describe("HookEndpointReady", () => {
  it("waits while the receiver refuses connections, then Okta's verification succeeds", async () => {
    const port = await freePort();
    const uri = `http://127.0.0.1:${port}/okta/events`;
    const sim: OktaSim = await startOktaSim();
    cleanup.push(() => sim.close());
    const ssws = sim.sswsToken({ name: "admin", roles: ["SUPER_ADMIN"] });
    const hook = await call(sim, "POST", "/api/v1/eventHooks", {
      ssws,
      body: {
        name: "oktaplane-dev-twilio-feedback",
        events: { type: "EVENT_TYPE", items: ["user.mfa.factor.activate"] },
        channel: {
          type: "HTTP",
          version: "1.0.0",
          config: { uri, authScheme: { type: "HEADER", key: HEADER, value: SECRET } },
        },
      },
    });
    expect(hook.status).toBe(200);
    const verify = () =>
      call(sim, "POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`, { ssws });

    // The defect: verifying before the receiver serves fails, and Okta does not retry it.
    expect((await verify()).status).toBe(400);

    const target = receiver();
    const created = provider.create(inputs(uri));
    // The route comes up a moment later (a certificate becoming active).
    setTimeout(() => void target.listen(port), 300);
    const { id, outs } = await created;
    expect(id).toBe(uri);
    // The secret stays in the (secret) inputs; the state leaves it out.
    expect(outs).toEqual({
      kind: "hook-endpoint-ready",
      uri,
      authHeader: HEADER,
      timeoutSeconds: 5,
      intervalSeconds: 0.05,
      attempts: expect.any(Number),
    });
    expect(outs!.attempts).toBeGreaterThan(1);
    // It asked as Okta does: the challenge header and the configured auth header.
    expect(target.seen.at(-1)).toEqual({ challenge: expect.any(String), auth: SECRET });

    const verified = await verify();
    expect(verified.status).toBe(200);
    expect(verified.json.verificationStatus).toBe("VERIFIED");
  });

  it("keeps waiting through error answers until the challenge is echoed", async () => {
    const target = receiver({ failing: 3, failStatus: 526 });
    await target.listen(0);
    const uri = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}/okta/events`;
    const { outs } = await provider.create(inputs(uri));
    expect(outs!.attempts).toBe(4);
  });

  it("gives up after timeoutSeconds with RECEIVER_NOT_READY, the last answer and what to check", async () => {
    const target = receiver({ failing: 1_000, failStatus: 526 });
    await target.listen(0);
    const uri = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}/okta/events`;
    const error = (await provider
      .create(inputs(uri, { timeoutSeconds: 0.3, intervalSeconds: 0.1 }))
      .catch((e: unknown) => e)) as { code: string; message: string };
    expect(error.code).toBe("RECEIVER_NOT_READY");
    expect(error.message).toMatch(
      new RegExp(
        `^hook receiver ${uri} did not answer Okta's verification challenge within 0.3 s \\(\\d+ attempts; last: HTTP 526\\)\\. Fix: .*certificate active.*${HEADER} secret`,
      ),
    );
    // Bounded: about timeout / interval attempts, not more.
    expect(target.seen.length).toBeLessThanOrEqual(4);
  });

  it("waits again only for a new URL or header name, not for a rotated secret", async () => {
    const old = { ...inputs("https://hooks.acme.example/okta/events"), attempts: 1 };
    const { secret: _s, ...state } = old;
    void _s;
    const same = await provider.diff("id", state, { ...inputs(old.uri), secret: "rotated" });
    expect(same.changes).toBe(false);
    const moved = await provider.diff(
      "id",
      state,
      inputs("https://hooks2.acme.example/okta/events"),
    );
    expect(moved).toMatchObject({ changes: true, replaces: ["uri"] });
  });
});
