// The adapters program.ts passes to declareConnectors: a ServiceAppFactory that builds the real
// ServiceApp (components/serviceApp.ts) and collects each app's `serviceApps` stack output, so
// connector apps are exported (and verified) like configured ones.

import type { ComponentResourceOptions } from "@pulumi/pulumi";
import type { RateLimits } from "../../config/defaults";
import type { AdminRoles } from "../adminRoles";
import { ServiceApp, type ServiceAppStackOutput } from "../serviceApp";
import type { ServiceAppFactory } from "./deps";

export interface ServiceAppWiring {
  readonly orgUrl: string;
  /** The stack's shared custom roles (Moveworks with groups binds one). */
  readonly adminRoles: AdminRoles;
  readonly throttle: RateLimits;
  readonly protect: boolean;
  /** Receives each app's stack output by logical name (export it under `serviceApps`). */
  readonly exported: Record<string, ServiceAppStackOutput>;
}

export function serviceAppFactory(wiring: ServiceAppWiring): ServiceAppFactory {
  return (name, app, opts: ComponentResourceOptions) => {
    const serviceApp = new ServiceApp(
      name,
      {
        orgUrl: wiring.orgUrl,
        label: app.label,
        capabilities: app.capabilities,
        groups: app.groups,
        requireDpop: app.requireDpop,
        keys: app.keys,
        activeKey: app.activeKey,
        allowBroadRoles: app.allowBroadRoles,
        adminRoles: wiring.adminRoles,
        throttle: wiring.throttle,
        protect: wiring.protect,
      },
      opts,
    );
    wiring.exported[name] = serviceApp.stackOutput;
    return { ...serviceApp.stackOutput, ready: serviceApp.ready };
  };
}
