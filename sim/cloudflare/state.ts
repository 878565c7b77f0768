// The Cloudflare simulator's account in memory: zones, scripts (whose binding values stay behind
// accessors, so printing the state shows no secret), the workers.dev subdomain per account and
// per script, custom domains with their certificate, and which hostname each script serves on.

import { randomBytes, randomUUID } from "node:crypto";
import type { SimClock } from "../shared/clock";
import type { BindingType, ScriptVersion } from "./upload";

export interface Zone {
  readonly id: string;
  readonly name: string;
}

/** One uploaded script; the version (modules, binding values) is reachable only through getters. */
export class Script {
  readonly tag = randomBytes(16).toString("hex");
  readonly createdOn: number;
  modifiedOn: number;
  /** `POST …/subdomain` setting; undefined until set: not served, read back as off (inferred). */
  workersDev: { enabled: boolean; previewsEnabled: boolean } | undefined;
  #version: ScriptVersion;

  constructor(
    readonly name: string,
    version: ScriptVersion,
    now: number,
  ) {
    this.#version = version;
    this.createdOn = now;
    this.modifiedOn = now;
  }

  get version(): ScriptVersion {
    return this.#version;
  }

  replace(version: ScriptVersion, now: number): void {
    this.#version = version;
    this.modifiedOn = now;
  }

  /** Binding names and types, never their values. */
  get bindings(): readonly { readonly name: string; readonly type: BindingType }[] {
    return this.#version.bindings.map((b) => ({ name: b.name, type: b.type }));
  }
}

export class CustomDomain {
  readonly id = randomBytes(16).toString("hex");
  readonly certId = randomUUID();
  readonly environment = "production";

  constructor(
    readonly hostname: string,
    public service: string,
    readonly zone: Zone,
    /** Simulated time at which Cloudflare's certificate for the hostname becomes active. */
    readonly certificateActiveAt: number,
  ) {}

  certificate(now: number): "pending" | "active" {
    return now >= this.certificateActiveAt ? "active" : "pending";
  }

  /** TF model WorkersCustomDomainModel / cloudflare-go workers.Domain, plus cert_id. */
  toResource(): Record<string, unknown> {
    return {
      id: this.id,
      hostname: this.hostname,
      service: this.service,
      environment: this.environment,
      zone_id: this.zone.id,
      zone_name: this.zone.name,
      cert_id: this.certId,
    };
  }
}

export type HostStatus =
  | {
      readonly kind: "live";
      readonly script: string;
      readonly via: "workers.dev" | "custom_domain";
    }
  /** A custom domain whose certificate Cloudflare is still issuing. */
  | { readonly kind: "pending"; readonly script: string }
  | { readonly kind: "unknown" };

export class CloudflareState {
  readonly scripts = new Map<string, Script>();
  readonly domains = new Map<string, CustomDomain>();
  /** `<name>.workers.dev`; undefined until registered (`PUT /accounts/{id}/workers/subdomain`). */
  accountSubdomain: string | undefined;

  constructor(
    readonly accountId: string,
    readonly zones: readonly Zone[],
    accountSubdomain: string | undefined,
    readonly certificatePendingMs: number,
    private readonly clock: SimClock,
  ) {
    this.accountSubdomain = accountSubdomain;
  }

  zoneById(id: string): Zone | undefined {
    return this.zones.find((z) => z.id === id);
  }

  /** The hostname a script answers on at workers.dev, whether or not it is enabled. */
  workersDevHostname(script: string): string | undefined {
    return this.accountSubdomain === undefined
      ? undefined
      : `${script}.${this.accountSubdomain}.workers.dev`;
  }

  /** Which script serves `hostname`, and whether it is reachable yet. */
  resolveHost(hostname: string): HostStatus {
    const host = hostname.toLowerCase();
    for (const script of this.scripts.values()) {
      if (script.workersDev?.enabled && this.workersDevHostname(script.name) === host) {
        return { kind: "live", script: script.name, via: "workers.dev" };
      }
    }
    const domain = [...this.domains.values()].find((d) => d.hostname === host);
    if (domain === undefined || !this.scripts.has(domain.service)) return { kind: "unknown" };
    return domain.certificate(this.clock.now()) === "active"
      ? { kind: "live", script: domain.service, via: "custom_domain" }
      : { kind: "pending", script: domain.service };
  }

  /** Every hostname that answers now, with the script behind it. */
  liveHosts(): readonly { readonly hostname: string; readonly script: string }[] {
    const hosts: { hostname: string; script: string }[] = [];
    for (const script of this.scripts.values()) {
      const hostname = this.workersDevHostname(script.name);
      if (script.workersDev?.enabled && hostname !== undefined) {
        hosts.push({ hostname, script: script.name });
      }
    }
    for (const d of this.domains.values()) {
      if (this.resolveHost(d.hostname).kind === "live")
        hosts.push({ hostname: d.hostname, script: d.service });
    }
    return hosts;
  }
}
