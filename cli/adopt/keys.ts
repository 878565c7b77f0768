// The key switch of an adopted service app. Okta never held the private half of a key a vendor
// registered, so the stack cannot take that key over: it publishes its own key beside the old
// one (oktaplane:adopt.publishedKeys) and the vendor switches, following docs/ROTATION.md.

import type { DesiredApp } from "./desired";
import type { OrgApp, OrgSnapshot, PublicKey } from "./org";

export interface KeyPlan {
  readonly app: string;
  readonly clientId: string;
  /** The vendor's existing public keys, kept published until the switch is done. */
  readonly keep: readonly PublicKey[];
  /** How the vendor authenticated before adoption (private_key_jwt, client_secret_basic, …). */
  readonly method: string;
  readonly steps: readonly string[];
}

const JWT = "private_key_jwt";

/** Who receives the stack's key: the connector sheet, or the app's stack outputs. */
function handoff(stack: string, app: DesiredApp): string {
  if (app.preset === "moveworks")
    return (
      `npm run handoff -- --stack ${stack} --connector moveworks prints the new Private Key and ` +
      "KID: in Moveworks Agent Studio, edit the Okta connector, upload the Private Key, set KID " +
      "to the new kid, save"
    );
  if (app.preset === "hook-receiver")
    return "the stack's own hook receiver already signs with the new key (nothing to hand over)";
  return (
    `hand the vendor serviceApps.${app.name}.privateKeyPem and activeKid from ` +
    `pulumi stack output --show-secrets --stack ${stack} (outside the repository)`
  );
}

/** The plan for one adopted service app, or undefined when there is nothing to switch. */
export function keyPlan(
  stack: string,
  app: DesiredApp,
  org: OrgApp,
  snapshot: OrgSnapshot,
): KeyPlan | undefined {
  if (app.type !== "service" || app.tokenEndpointAuthMethod !== JWT) return undefined;
  const clientId = org.clientId ?? org.id;
  const method = org.tokenEndpointAuthMethod ?? JWT;
  const keep = method === JWT ? (org.jwks ?? snapshot.appKeys[org.id] ?? []) : [];
  const verify = `npm run verify -- --stack ${stack} --app ${app.name}`;
  if (method !== JWT)
    return {
      app: app.name,
      clientId,
      keep,
      method,
      steps: [
        `The app authenticates with ${method}; after pulumi up it accepts only private_key_jwt ` +
          "with the stack's key, so the vendor must switch in the same change window.",
        `Right after pulumi up: ${handoff(stack, app)}; then ${verify}.`,
      ],
    };
  if (keep.length === 0)
    return {
      app: app.name,
      clientId,
      keep,
      method,
      steps: [
        "The app has no public key in Okta: the vendor cannot be signing today. After pulumi up, " +
          `${handoff(stack, app)}; then ${verify}.`,
      ],
    };
  const kids = keep.map((k) => k.kid).join(", ");
  return {
    app: app.name,
    clientId,
    keep,
    method,
    steps: [
      `pulumi up imports app ${org.id} (client id unchanged) and publishes the stack's key beside ` +
        `the vendor's kid ${kids} (oktaplane:adopt.publishedKeys.${app.name}): the vendor keeps ` +
        "working with its old key.",
      `Switch the vendor to the stack's key: ${handoff(stack, app)}; then ${verify}.`,
      `Wait until nothing signs with kid ${kids}: check the vendor, or the System Log for token ` +
        `requests by client ${clientId}.`,
      `Remove oktaplane:adopt.publishedKeys.${app.name} and run pulumi up: Okta then rejects ` +
        `the old key (docs/ROTATION.md, step 3).`,
    ],
  };
}
