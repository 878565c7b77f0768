// `npm run sim`: the Okta, Cloudflare and Twilio simulators on loopback, wired to each other
// (sim/index.ts), until Ctrl-C. Prints their base URLs and how to point the providers at them.
// Usage: npm run sim -- [--okta-port N] [--cloudflare-port N] [--twilio-port N]
//                       [--org-url https://<org>.okta.com] [--seed org.json] [--json]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { OrgSeed } from "./okta/index";
import { startSimulators } from "./index";
import { simClock } from "./shared/clock";

const USAGE =
  "usage: npm run sim -- [--okta-port N] [--cloudflare-port N] [--twilio-port N] " +
  "[--org-url https://<org>.okta.com] [--seed org.json] [--json]";

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new TypeError(`--${name}: ${JSON.stringify(value)} is not a port (1-65535)`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "okta-port": { type: "string" },
        "cloudflare-port": { type: "string" },
        "twilio-port": { type: "string" },
        "org-url": { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`sim: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let seed: OrgSeed | undefined;
  let ports;
  try {
    ports = {
      okta: port("okta-port", values["okta-port"] as string | undefined),
      cloudflare: port("cloudflare-port", values["cloudflare-port"] as string | undefined),
      twilio: port("twilio-port", values["twilio-port"] as string | undefined),
    };
    if (typeof values.seed === "string")
      seed = JSON.parse(readFileSync(values.seed, "utf8")) as OrgSeed;
  } catch (err) {
    console.error(`sim: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const orgUrl = (values["org-url"] as string | undefined) ?? "https://oktaplane-sim.okta.com";
  const sims = await startSimulators({
    orgUrl,
    clock: simClock(),
    ...(seed ? { seed } : {}),
    ports: Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined)),
  });
  const urls = {
    okta: sims.okta.url,
    cloudflare: sims.cloudflare.baseUrl,
    twilio: sims.twilio.url,
  };
  if (values.json) console.log(JSON.stringify(urls));
  else
    console.log(
      [
        `Okta        ${urls.okta}   (okta:httpProxy / OKTA_HTTP_PROXY; org ${orgUrl})`,
        `Cloudflare  ${urls.cloudflare}   (cloudflare:baseUrl; API token: CLOUDFLARE_API_TOKEN below)`,
        `Twilio      ${urls.twilio}`,
        "",
        `export OKTA_HTTP_PROXY=${urls.okta}`,
        `export CLOUDFLARE_BASE_URL=${urls.cloudflare}`,
        // A simulator-issued token, valid only against this simulator.
        `export CLOUDFLARE_API_TOKEN=${sims.cloudflare.apiToken}`,
        "",
        "Ctrl-C stops them (in-memory state is lost).",
      ].join("\n"),
    );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sims.close();
  return 0;
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
