// The one list of connectors. Config validation, secrets, the program, plan, handoff, promote,
// adopt, the policy pack and the docs learn which connectors exist only from a ConnectorRegistry:
// the built-in one below, or one a test (or a fork) extends with withConnectors().

import type { ConnectorSecret } from "../../config/connectorSpec";
import { blockOf, stackConfigSchemaFor } from "../../config/schema";
import type { StackConfig } from "../../config/types";
import type { Connector } from "./connector";
import { moveworks } from "./moveworks";
import { servicenowSpoke } from "./servicenowSpoke";
import { servicenowVoiceAgent } from "./servicenowVoiceAgent";
import { twilioVerify } from "./twilioVerify";

/** In the order the plan, handoff and the docs list them. */
export const BUILT_IN_CONNECTORS: readonly Connector[] = [
  servicenowSpoke,
  servicenowVoiceAgent,
  moveworks,
  twilioVerify,
];

/** One secret config key and what it is for, as the connectors that need it describe it. */
export interface SecretKeySpec {
  readonly description: string;
  /** The config paths that make this secret required, for the given config (empty: not needed). */
  readonly requiredBy: (config: StackConfig) => string[];
}

/** A connector with its block from a config that enables it. */
export interface EnabledConnector {
  readonly connector: Connector;
  readonly block: unknown;
}

export class ConnectorRegistry {
  readonly connectors: readonly Connector[];
  private schema?: ReturnType<typeof stackConfigSchemaFor>;
  private secretSpecs?: Readonly<Record<string, SecretKeySpec>>;

  constructor(connectors: readonly Connector[]) {
    for (const [what, of] of [
      ["id", (c: Connector) => c.id],
      ["config key", (c: Connector) => c.configKey],
    ] as const) {
      const seen = new Set<string>();
      for (const c of connectors) {
        if (seen.has(of(c))) throw new TypeError(`two connectors share the ${what} ${of(c)}`);
        seen.add(of(c));
      }
    }
    this.connectors = connectors;
  }

  /** Connector ids, in registry order. */
  get ids(): string[] {
    return this.connectors.map((c) => c.id);
  }

  get(id: string): Connector | undefined {
    return this.connectors.find((c) => c.id === id);
  }

  /** The stack config schema with these connectors' blocks (built once). */
  get stackSchema(): ReturnType<typeof stackConfigSchemaFor> {
    this.schema ??= stackConfigSchemaFor(this.connectors);
    return this.schema;
  }

  /** The connectors a config enables, in registry order, each with its block. */
  enabled(config: StackConfig): EnabledConnector[] {
    return this.connectors.flatMap((connector) => {
      const block = blockOf(config.connectors, connector.configKey);
      return block === undefined ? [] : [{ connector, block }];
    });
  }

  /**
   * Every secret key the connectors may need, in registry order of first use. Connectors that
   * share a key (oktaplane:oktaApiToken) share one description and list each their path.
   */
  get secrets(): Readonly<Record<string, SecretKeySpec>> {
    if (this.secretSpecs !== undefined) return this.secretSpecs;
    const users = new Map<string, { description: string; by: [Connector, ConnectorSecret][] }>();
    for (const c of this.connectors) {
      for (const s of c.secrets ?? []) {
        const entry = users.get(s.key) ?? { description: s.description, by: [] };
        entry.by.push([c, s]);
        users.set(s.key, entry);
      }
    }
    this.secretSpecs = Object.fromEntries(
      [...users].map(([key, { description, by }]) => [
        key,
        {
          description,
          requiredBy: (config: StackConfig) =>
            by.flatMap(([c, s]) => {
              const block = blockOf(config.connectors, c.configKey);
              if (block === undefined || !(s.neededBy?.(block) ?? true)) return [];
              return [`connectors.${c.configKey}`];
            }),
        },
      ]),
    );
    return this.secretSpecs;
  }

  get secretKeys(): string[] {
    return Object.keys(this.secrets);
  }

  /** This registry's connectors followed by `more` (a test's fixture connector, a fork's own). */
  with(...more: readonly Connector[]): ConnectorRegistry {
    return new ConnectorRegistry([...this.connectors, ...more]);
  }
}

export const builtInConnectors = new ConnectorRegistry(BUILT_IN_CONNECTORS);

/** The built-in connectors and `more`, e.g. `withConnectors(fixture)` in a test. */
export function withConnectors(...more: readonly Connector[]): ConnectorRegistry {
  return builtInConnectors.with(...more);
}
