// What the config layer needs to know about a connector: its block under `oktaplane:connectors`,
// the rules that block's schema cannot express, the secrets it may need and the app names it
// reserves. Each connector folder (components/connectors/<vendor>/) provides one; the registry
// lists them. Nothing here names a connector: the config layer learns them from the registry.

import type { z } from "zod";

// The parsed block's type, ConnectorsConfig, is plain TypeScript in ./types (each connector's
// types.ts adds its property there), so the package's .d.ts need none of zod's.

/** Reports one problem at a path relative to the connector's block. */
export type IssueAt = (path: readonly (string | number)[], message: string) => void;

/** A secret config key (`oktaplane:<key>`, set with `--secret`) a connector may need. */
export interface ConnectorSecret<C = unknown> {
  readonly key: string;
  /** Where the value comes from; several connectors sharing a key share one description. */
  readonly description: string;
  /** Whether this block needs it. @default always */
  neededBy?(block: C): boolean;
}

export interface ConnectorConfigSpec<C = unknown> {
  /** What a user passes to `handoff --connector`, and the connector's component name. */
  readonly id: string;
  /** Its key under `oktaplane:connectors`. */
  readonly configKey: string;
  /**
   * The block's schema. Values that identify one environment carry `.meta({ envSpecific: true })`:
   * promote never copies them and init asks for them.
   */
  readonly schema: z.ZodType<C>;
  /** Combinations the block's schema cannot express; each message says what to do instead. */
  rules?(block: C, issue: IssueAt): void;
  readonly secrets?: readonly ConnectorSecret<C>[];
  /**
   * Logical names of the apps the block creates. An app's resources carry its name or sit under
   * a component of that name, so policies can tell whose grant a resource is: a
   * `serviceApps.<key>` of the same name would make that ambiguous, so these are reserved.
   */
  appNames?(block: C): readonly string[];
  /** Top-level config keys the block needs, each with why (`hookReceiver: "it hosts the hooks"`). */
  readonly requires?: Readonly<Record<string, string>>;
}
