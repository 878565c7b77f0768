// AdminRoles: the stack's custom admin roles (okta.AdminRoleCustom) and resource sets
// (okta.ResourceSet), one per distinct spec, shared by every service app that binds them.
//
// Why per stack and not per app: a custom role is defined by its permissions alone, identical
// for every app, and a resource set by its contents; Okta caps both per org, and one definition
// means one place to audit. Each is created the first time an app asks for it, named from its
// key (never from the asking app), so adding, removing or reordering apps never replaces one
// that another app still uses.

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import type { CustomRoleSpec } from "./capabilities";
import type { ResourceSetSpec } from "./serviceAppPlan";

export interface AdminRolesArgs {
  /** Okta org URL, `https://<org>.<baseUrl>`: resource set members are URLs under it. */
  readonly orgUrl: string;
  /**
   * Prefix of every role and resource set label; labels are unique per org and replace on
   * change, so include something stable that tells stacks sharing an org apart.
   * @default "oktaplane"
   */
  readonly labelPrefix?: string;
}

/** What a CUSTOM role assignment needs. */
export interface CustomRoleBinding {
  readonly roleId: pulumi.Output<string>;
  readonly resourceSetId: pulumi.Output<string>;
}

/**
 * Resource set members as Okta's Resource Sets API takes them: `${orgUrl}/api/v1/users` (all
 * users), `${orgUrl}/api/v1/groups/<id>` (a group), `${orgUrl}/api/v1/groups/<id>/users` (its
 * users: the spec's ResourceSetRequest example) or `${orgUrl}/api/v1/apps/<id>` (an app instance,
 * the app's own `_links.self` URL in the Apps API). URLs rather than ORNs, because an ORN needs
 * the org's id (`orn:<partition>:directory:<orgId>:groups:<id>`), which the config does not hold.
 */
export function resourceSetUrls(orgUrl: string, set: ResourceSetSpec): string[] {
  const r = set.resources;
  switch (r.kind) {
    case "users":
      return [`${orgUrl}/api/v1/users`];
    case "groups":
      return r.groupIds.map((id) => `${orgUrl}/api/v1/groups/${id}`);
    case "group-members":
      return r.groupIds.map((id) => `${orgUrl}/api/v1/groups/${id}/users`);
    case "apps":
      return r.appIds.map((id) => `${orgUrl}/api/v1/apps/${id}`);
  }
}

export class AdminRoles extends pulumi.ComponentResource {
  private readonly name: string;
  private readonly orgUrl: string;
  private readonly labelPrefix: string;
  private readonly roles = new Map<string, { spec: CustomRoleSpec; role: okta.AdminRoleCustom }>();
  private readonly sets = new Map<string, okta.ResourceSet>();

  constructor(name: string, args: AdminRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:okta:AdminRoles", name, {}, opts);
    const { orgUrl, labelPrefix } = { labelPrefix: "oktaplane", ...args };
    if (!/^https:\/\/[^/]+$/.test(orgUrl))
      throw new TypeError(`AdminRoles ${name}: orgUrl must be https://<org host>, got ${orgUrl}`);
    this.name = name;
    this.orgUrl = orgUrl;
    this.labelPrefix = labelPrefix;
    // Children are created on demand by bind(); there is no output of the whole catalog.
    this.registerOutputs({});
  }

  /** The role and resource set for one CUSTOM assignment, created on first use. */
  bind(role: CustomRoleSpec, set: ResourceSetSpec): CustomRoleBinding {
    return { roleId: this.role(role).id, resourceSetId: this.resourceSet(set).id };
  }

  private role(spec: CustomRoleSpec): okta.AdminRoleCustom {
    const known = this.roles.get(spec.key);
    if (known) {
      if (JSON.stringify(known.spec) !== JSON.stringify(spec))
        throw new TypeError(`custom role ${spec.key} is defined twice with different contents`);
      return known.role;
    }
    const role = new okta.AdminRoleCustom(
      `${this.name}-role-${spec.key}`,
      {
        label: `${this.labelPrefix} ${spec.key}`,
        description: spec.description,
        permissions: [...spec.permissions].sort(),
      },
      { parent: this },
    );
    this.roles.set(spec.key, { spec, role });
    return role;
  }

  private resourceSet(spec: ResourceSetSpec): okta.ResourceSet {
    const known = this.sets.get(spec.key);
    if (known) return known;
    const set = new okta.ResourceSet(
      `${this.name}-set-${spec.key}`,
      {
        label: `${this.labelPrefix} ${spec.key}`,
        description: spec.description,
        resources: resourceSetUrls(this.orgUrl, spec),
      },
      { parent: this },
    );
    this.sets.set(spec.key, set);
    return set;
  }
}
