// What one connector is, everything about it in one value: its config block (config/connectorSpec),
// the shared pieces and token it uses, its sheet with deploy-time values left open (the plan's
// footprint and handoff sources), its component, and the apps policies and adopt expect of it.
// Each folder beside this file exports one; registry.ts lists them.

import type * as pulumi from "@pulumi/pulumi";
import type { ConnectorConfigSpec } from "../../config/connectorSpec";
import type { StackConfig } from "../../config/types";
import type { CapabilityRef } from "../capabilities";
import type { ConnectorBundle } from "../outputs";
import type {
  ConnectorDeps,
  HookReceiverLike,
  ReceiverTwilioValues,
  ServiceAppLike,
  TelephonyProviderLike,
  TelephonyProviderRequest,
  TwilioDeps,
} from "./deps";
import type { BundleOutput } from "./lift";
import type { SharedPiece } from "./shared";
import type { ConnectorContext } from "./sheet";

/** The deploy-time values a sheet reads, named by what produces them. */
export type LaterValue =
  | "clientId"
  | "clientSecret"
  | "kid"
  | "privateKeyPem"
  | "apiToken"
  | "tokenUrl"
  | "eventsUrl"
  | "telephonyUrl";

/** The API token as connectors use it: its value (secret) and, when imported, its readiness. */
export interface TokenPiece {
  readonly value: pulumi.Output<string>;
  readonly ready?: pulumi.Output<unknown>;
}

/** The existing token a connector's config asks the stack to import (and maybe confine). */
export interface ApiTokenImport {
  readonly apiTokenId: string;
  readonly networkZoneId?: string;
}

/** The shared pieces, each made on first use (index.ts); connectors ask, never construct. */
export interface SharedPieceMakers {
  apiToken(): TokenPiece;
  oktaVerifyPush(): { readonly ready: pulumi.Output<unknown> };
  hookReceiver(twilio: TwilioDeps, values: ReceiverTwilioValues): HookReceiverLike;
  /** Okta has one telephony provider per org: the first request's label names it. */
  telephonyProvider(twilio: TwilioDeps, request: TelephonyProviderRequest): TelephonyProviderLike;
}

/** What a connector's declare() gets. */
export interface DeclareEnv {
  readonly context: ConnectorContext;
  readonly config: StackConfig;
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  readonly deps: ConnectorDeps;
  readonly shared: SharedPieceMakers;
  /** Applies to its top-level component (the Okta provider comes through `providers`). */
  readonly opts: pulumi.ComponentResourceOptions;
  /** The dependency, or a TypeError naming who needs it (`need(deps.twilio, "…", "deps.twilio")`). */
  need<T>(dep: T | undefined, who: string, what: string): T;
}

export interface DeclaredConnector {
  readonly bundle: BundleOutput;
  /** Service apps it created, by logical name: exported with `serviceApps` (verify checks them). */
  readonly serviceApps?: Readonly<Record<string, ServiceAppLike>>;
}

/** An app a connector creates, as policies (what it may hold) and adopt (how to match it) see it. */
export interface ConnectorApp {
  readonly name: string;
  readonly capabilities: readonly CapabilityRef[];
  readonly groups?: readonly string[];
  /** Its preset needs the implicit grant (ServiceNow's OAuth web app). @default false */
  readonly implicitGrant?: boolean;
}

export interface Connector<C = unknown> extends ConnectorConfigSpec<C> {
  /** The docs page in the connector's folder, from the repository root. */
  readonly docs: string;
  /** The hand-copied procedures (../shared/seeds/) it replaces. */
  readonly seeds: readonly string[];
  /** Whether the block hands out `oktaplane:oktaApiToken`. @default false */
  usesApiToken?(block: C): boolean;
  /** The token import the block configures (`apiTokenId`); one token serves every user. */
  apiTokenImport?(block: C): ApiTokenImport | undefined;
  /** Shared pieces it uses besides the token, in a fixed order. @default none */
  sharedPieces?(block: C): readonly SharedPiece[];
  /** Its sheet, deploy-time values given by `later` (empty, or the plan's markers). */
  sheet(context: ConnectorContext, block: C, later: (value: LaterValue) => string): ConnectorBundle;
  /** Declares its component, named after its id. */
  declare(block: C, env: DeclareEnv): DeclaredConnector;
  /** The apps it creates, for policies and adopt. @default none */
  apps?(block: C): readonly ConnectorApp[];
}

/** A connector definition with its block's type checked against its schema. */
export function defineConnector<C>(connector: Connector<C>): Connector<C> {
  return connector;
}
