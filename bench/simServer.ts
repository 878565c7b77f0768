// The child process of bench/sim.ts: an Okta simulator seeded with an org of N API Services apps,
// answering the parent over IPC with its URL, a token, and its memory on request.
import { startOktaSim } from "../sim/okta";

type Message = { type: "start"; apps: number } | { type: "memory" } | { type: "stop" };

process.on("message", (message: Message) => {
  void (async () => {
    if (message.type === "start") {
      const before = process.memoryUsage().rss;
      const started = performance.now();
      // Rate limits off: the benchmark measures the simulator, not Okta's 600 requests a minute.
      const sim = await startOktaSim({ rateLimits: { enabled: false } });
      const apps = Array.from({ length: message.apps }, (_, i) => ({
        id: `0oabench${String(i).padStart(12, "0")}`,
        name: "oidc_client",
        label: `bench app ${i}`,
        signOnMode: "OPENID_CONNECT",
        credentials: { oauthClient: { token_endpoint_auth_method: "private_key_jwt" } },
        settings: {
          oauthClient: {
            application_type: "service",
            grant_types: ["client_credentials"],
            response_types: ["token"],
            jwks: { keys: [{ kty: "RSA", kid: `k${i}`, e: "AQAB", n: "x".repeat(342) }] },
          },
        },
      }));
      sim.seed({ apps });
      const seedMs = performance.now() - started;
      global.gc?.();
      const token = sim.issueToken({ scopes: ["okta.apps.read"] });
      process.send!({
        type: "ready",
        url: sim.url,
        token,
        appId: apps[Math.floor(apps.length / 2)]!.id,
        seedMs,
        rssBefore: before,
        memory: process.memoryUsage(),
      });
      process.on("message", (m: Message) => {
        if (m.type === "memory") {
          // After a full collection, heapUsed is what the simulator holds, not garbage.
          global.gc?.();
          process.send!({
            type: "memory",
            memory: process.memoryUsage(),
            calls: sim.recorder.total,
            kept: sim.recorder.calls.length,
          });
        }
        if (m.type === "stop") void sim.close().then(() => process.exit(0));
      });
    }
  })();
});
