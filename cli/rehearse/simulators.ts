// Starts the simulators of sim/ for a rehearsal, wired to each other (sim/index.ts) on one clock,
// and adapts them to the handle the rehearsal uses (sims.ts).

import { startSimulators } from "../../sim/index";
import { simClock } from "../../sim/shared/clock";
import type { OktaSim, OrgSeed } from "../../sim/okta/index";
import { callHook } from "../../sim/okta/hookCalls";
import type { Org } from "../../sim/okta/org";
import { DEFAULT_BUCKETS } from "../../sim/okta/rateLimits";
import type { RehearsalSeed } from "./seed";
import type { LiveApp, RehearsalSims, RehearsalSimsOptions } from "./sims";

export async function startRehearsalSims(options: RehearsalSimsOptions): Promise<RehearsalSims> {
  const { seed } = options;
  const clock = simClock({ scale: options.clockScale });
  const orgUrl = `https://${seed.orgName}.${seed.baseUrl}`;
  const sims = await startSimulators({
    orgUrl,
    clock,
    seed: oktaSeed(seed),
    ...(seed.twilio !== undefined
      ? {
          twilio: {
            accountSid: seed.twilio.accountSid,
            authToken: seed.twilio.authToken,
            serviceSid: seed.twilio.verifyServiceSid,
          },
        }
      : {}),
    cloudflare: {
      ...(seed.cloudflare !== undefined ? { accountId: seed.cloudflare.accountId } : {}),
      ...(seed.cloudflare?.workersDevSubdomain !== undefined
        ? { accountSubdomain: seed.cloudflare.workersDevSubdomain }
        : {}),
      ...(seed.cloudflare?.zone !== undefined ? { zones: [seed.cloudflare.zone] } : {}),
    },
  });
  const { okta, twilio, cloudflare } = sims;
  return {
    okta: {
      url: okta.url,
      recorder: okta.recorder,
      faults: okta.faults,
      // The deployer is the simulator's synthetic client (SUPER_ADMIN unless roles are given).
      issueToken: async (scopes, caller, roles) =>
        caller === "deployer"
          ? okta.issueToken({ scopes, ...(roles !== undefined ? { roles } : {}) })
          : okta.issueToken({ clientId: caller, scopes, roles: roles ?? ["SUPER_ADMIN"] }),
      bucketLimit: (bucket) =>
        Object.hasOwn(DEFAULT_BUCKETS, bucket)
          ? DEFAULT_BUCKETS[bucket as keyof typeof DEFAULT_BUCKETS]
          : undefined,
      editAppLabel: (id) => editAppLabel(okta, id),
      apps: () => [...okta.state.apps.values()].map(liveApp),
      deliverEvent: async (hookId, delivery) => {
        const hook = okta.state.eventHooks.get(hookId);
        if (hook === undefined) return { status: 404 };
        // The simulator's own hook call: the configured auth header, Okta's 3 s timeout. It
        // reads only the org's state, clock and outbound fetch.
        const answer = await callHook(
          { state: okta.state, clock, outboundFetch: cloudflare.fetchForHost } as Org,
          hook,
          { method: "POST", body: delivery },
        );
        return { status: answer.status ?? 0 };
      },
    },
    cloudflare: {
      url: cloudflare.url,
      baseUrl: cloudflare.baseUrl,
      apiToken: cloudflare.apiToken,
      recorder: cloudflare.recorder,
    },
    twilio: {
      url: twilio.url,
      recorder: twilio.recorder,
      verifications: () =>
        twilio.state.verifications.map((v) => ({ sid: v.sid, to: v.to, status: v.status })),
    },
    clock,
    close: sims.close,
  };
}

/** What the stack refers to but does not create: its API token, and the round trip's user. */
function oktaSeed(seed: RehearsalSeed): OrgSeed {
  return {
    ...(seed.apiToken !== undefined
      ? {
          apiTokens: [
            {
              id: seed.apiToken.id,
              token: seed.apiToken.value,
              name: "oktaplane rehearsal connector token",
              roles: ["READ_ONLY_ADMIN"],
            },
          ],
        }
      : {}),
    users: [
      {
        id: seed.user.id,
        status: "ACTIVE",
        profile: {
          login: seed.user.login,
          email: seed.user.login,
          firstName: "Rehearsal",
          lastName: "User",
          mobilePhone: seed.user.mobilePhone,
        },
      },
    ],
  };
}

/** An admin renames the app in the Admin Console: the state changes, the stack does not know. */
function editAppLabel(okta: OktaSim, id: string) {
  const app = okta.state.apps.get(id);
  if (app === undefined || typeof app.label !== "string") return undefined;
  const from = app.label;
  const to = `${from} (edited in the console)`;
  okta.state.apps.set({ ...app, label: to, lastUpdated: new Date(okta.clock.now()).toISOString() });
  return { resource: "okta:app/oAuth:OAuth", id, field: "label", from, to };
}

function liveApp(app: Record<string, unknown> & { id: string }): LiveApp {
  const settings = app.settings as { oauthClient?: { jwks?: { keys?: unknown } } } | undefined;
  const keys = settings?.oauthClient?.jwks?.keys;
  return {
    id: app.id,
    label: typeof app.label === "string" ? app.label : "",
    kids: Array.isArray(keys)
      ? keys.flatMap((k) =>
          typeof (k as { kid?: unknown }).kid === "string" ? [(k as { kid: string }).kid] : [],
        )
      : [],
  };
}
