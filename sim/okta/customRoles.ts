// IAM custom roles and their permissions (/api/v1/iam/roles): PROVIDERS.md okta.AdminRoleCustom —
// create `{label, description, permissions}`, read the role and `…/permissions`, add and remove
// permissions one by one. Lists page with `_links.next` in the body.
import { notFound, validationFailed } from "./errors";
import { bodyLinks } from "./paging";
import { href, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { oktaId, type OktaObject } from "./state";

/** Page size of listRoles (it takes no `limit`; inferred from the IAM lists' defaults). */
const PAGE = 20;

export function findRole(org: Org, idOrLabel: string): OktaObject | undefined {
  return (
    org.state.customRoles.get(idOrLabel) ?? org.state.customRoles.find((r) => r.label === idOrLabel)
  );
}

function roleView(org: Org, role: OktaObject): OktaObject {
  const base = `/api/v1/iam/roles/${role.id}`;
  return {
    ...role,
    _links: { self: href(org, base), permissions: href(org, `${base}/permissions`) },
  };
}

function permissionView(org: Org, roleId: string, p: OktaObject): Record<string, unknown> {
  const { id: _id, ...rest } = p;
  return {
    ...rest,
    _links: {
      self: href(org, `/api/v1/iam/roles/${roleId}/permissions/${p.id}`),
      role: href(org, `/api/v1/iam/roles/${roleId}`),
    },
  };
}

/** Permission labels are Okta's `okta.<resource>.<action>` names (Permission.label). */
const PERMISSION = /^okta\.[A-Za-z]+(\.[A-Za-z]+)+$/;

function addPermission(org: Org, roleId: string, label: string, conditions?: unknown): void {
  const now = nowIso(org);
  org.state.rolePermissions.of(roleId).set({
    id: label,
    label,
    created: now,
    lastUpdated: now,
    ...(conditions === undefined ? {} : { conditions }),
  });
}

const createRole: OpHandler = ({ org, body }) => {
  const { label, description, permissions } = body as {
    label: string;
    description: string;
    permissions: string[];
  };
  if (findRole(org, label) !== undefined) {
    return validationFailed("label", [
      { field: "label", message: `a role labelled ${label} already exists` },
    ]);
  }
  const bad = permissions.find((p) => !PERMISSION.test(p));
  if (bad !== undefined) {
    return validationFailed("permissions", [
      { field: "permissions", message: `unknown permission ${bad}` },
    ]);
  }
  const now = nowIso(org);
  const role = org.state.customRoles.set({
    id: oktaId("cr0"),
    label,
    description,
    created: now,
    lastUpdated: now,
  });
  for (const p of permissions) addPermission(org, role.id, p);
  return ok(roleView(org, role));
};

const listRoles: OpHandler = ({ org, query, op }) => {
  const page = org.state.customRoles.page(query.get("after") ?? undefined, PAGE);
  return ok({
    roles: page.items.map((r) => roleView(org, r)),
    _links: bodyLinks(org, op.path, query, page, PAGE),
  });
};

const getRole: OpHandler = ({ org, params }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  return role === undefined
    ? notFound(params.roleIdOrLabel!, "CustomRole")
    : ok(roleView(org, role));
};

const replaceRole: OpHandler = ({ org, params, body }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  if (role === undefined) return notFound(params.roleIdOrLabel!, "CustomRole");
  const { label, description } = body as { label: string; description: string };
  return ok(
    roleView(
      org,
      org.state.customRoles.set({ ...role, label, description, lastUpdated: nowIso(org) }),
    ),
  );
};

const deleteRole: OpHandler = ({ org, params }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  if (role === undefined) return notFound(params.roleIdOrLabel!, "CustomRole");
  org.state.customRoles.delete(role.id);
  org.state.rolePermissions.drop(role.id);
  return noContent;
};

const listRolePermissions: OpHandler = ({ org, params }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  if (role === undefined) return notFound(params.roleIdOrLabel!, "CustomRole");
  const permissions = [...(org.state.rolePermissions.peek(role.id)?.values() ?? [])];
  return ok({ permissions: permissions.map((p) => permissionView(org, role.id, p)) });
};

const getRolePermission: OpHandler = ({ org, params }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  const p = role && org.state.rolePermissions.peek(role.id)?.get(params.permissionType!);
  return role === undefined || p === undefined
    ? notFound(params.permissionType!, "Permission")
    : ok(permissionView(org, role.id, p));
};

const createRolePermission: OpHandler = ({ org, params, body }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  if (role === undefined) return notFound(params.roleIdOrLabel!, "CustomRole");
  if (!PERMISSION.test(params.permissionType!)) {
    return validationFailed("permissionType", [
      { field: "permissionType", message: `unknown permission ${params.permissionType!}` },
    ]);
  }
  addPermission(
    org,
    role.id,
    params.permissionType!,
    (body as { conditions?: unknown } | undefined)?.conditions,
  );
  return noContent;
};

const deleteRolePermission: OpHandler = ({ org, params }) => {
  const role = findRole(org, params.roleIdOrLabel!);
  const permissions = role && org.state.rolePermissions.peek(role.id);
  if (permissions?.get(params.permissionType!) === undefined) {
    return notFound(params.permissionType!, "Permission");
  }
  permissions.delete(params.permissionType!);
  return noContent;
};

export const customRoleHandlers: Record<string, OpHandler> = {
  createRole,
  listRoles,
  getRole,
  replaceRole,
  deleteRole,
  listRolePermissions,
  getRolePermission,
  createRolePermission,
  deleteRolePermission,
};
