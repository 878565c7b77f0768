// Makes each shared piece (API token import, Okta Verify push, hook receiver and its app,
// telephony hook) on first use and hands the same one to every later user, whichever connector
// asks first. Connectors reach them only through DeclareEnv.shared.

import type * as pulumi from "@pulumi/pulumi";
import { serviceAppSchema } from "../../config/schema";
import type { ServiceAppConfig } from "../../config/types";
import { OktaVerifyPush } from "../oktaVerifyPush";
import type { ApiTokenImport, SharedPieceMakers, TokenPiece } from "./connector";
import type { ConnectorDeps, ServiceAppLike } from "./deps";
import { OktaApiToken } from "./oktaApiToken";
import { SHARED_PIECES, type SharedPiece } from "./shared";
import type { ConnectorContext } from "./sheet";

/** Creates each shared piece on first use and hands the same one to every later user. */
export class SharedPieces {
  private readonly made = new Map<SharedPiece, unknown>();

  once<T>(piece: SharedPiece, make: (name: string) => T): T {
    if (!this.made.has(piece)) this.made.set(piece, make(SHARED_PIECES[piece]));
    return this.made.get(piece) as T;
  }

  /** Which pieces exist so far. */
  get created(): SharedPiece[] {
    return [...this.made.keys()];
  }
}

/**
 * The receiver's own service app: reads users' phone numbers and nothing else; DPoP unless the
 * stack's `hookReceiver.requireDpop` turns it off.
 */
export function receiverServiceApp(ctx: ConnectorContext, requireDpop = true): ServiceAppConfig {
  return serviceAppSchema.parse({
    label: `oktaplane ${ctx.environment} hook receiver`,
    capabilities: ["read-users"],
    requireDpop,
  });
}

export interface SharedPieceInputs {
  readonly context: ConnectorContext;
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** The token import some enabled connector configures (footprint.ts apiTokenImportOf). */
  readonly tokenImport: ApiTokenImport | undefined;
  /** `hookReceiver.requireDpop` (default on). */
  readonly receiverDpop: boolean;
  readonly deps: ConnectorDeps;
  readonly opts: pulumi.ComponentResourceOptions;
  /** Receives the receiver's app, to export with the connectors' apps. */
  readonly serviceApps: Record<string, ServiceAppLike>;
  readonly need: <T>(dep: T | undefined, who: string, what: string) => T;
}

export function sharedPieceMakers(input: SharedPieceInputs): SharedPieceMakers {
  const { context, secrets, opts, tokenImport } = input;
  const shared = new SharedPieces();
  const makers: SharedPieceMakers = {
    apiToken: () =>
      shared.once("apiToken", (name): TokenPiece => {
        const value = secrets["oktaApiToken"];
        if (tokenImport === undefined) return { value };
        const token = new OktaApiToken(name, { value, ...tokenImport }, opts);
        return { value: token.value, ready: token.ready };
      }),
    oktaVerifyPush: () =>
      shared.once(
        "oktaVerifyPush",
        (name) => new OktaVerifyPush(name, { engine: context.engine }, opts),
      ),
    hookReceiver: (twilio, values) =>
      shared.once("hookReceiver", (name) => {
        const app = input.need(input.deps.serviceApp, "hook receiver", "deps.serviceApp")(
          name,
          receiverServiceApp(context, input.receiverDpop),
          opts,
        );
        input.serviceApps[name] = app;
        return twilio.hookReceiver({ oktaApp: app, twilio: values }, opts);
      }),
    telephonyProvider: (twilio, request) =>
      shared.once("telephonyProvider", (name) => twilio.telephonyProvider(name, request, opts)),
  };
  return makers;
}
