// Admin roles assigned to a client (/oauth2/v1/clients/{clientId}/roles): a standard role by
// `type`, or `{type: "CUSTOM", role, resource-set}`. PROVIDERS.md (okta.app.OauthRoleAssignment):
// assign, read, delete; there is no update, every change replaces.
import { notFound, oktaError } from "./errors";
import { href, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { oktaId, type OktaObject } from "./state";

/** Okta's labels for the standard roles (RoleType; Admin Console names). */
const LABELS: Readonly<Record<string, string>> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organizational Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read-only Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  REPORT_ADMIN: "Report Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  ACCESS_CERTIFICATIONS_ADMIN: "Access Certifications Administrator",
  ACCESS_REQUESTS_ADMIN: "Access Requests Administrator",
  WORKFLOWS_ADMIN: "Workflows Administrator",
};

function roleView(org: Org, clientId: string, role: OktaObject): OktaObject {
  const assignee = href(org, `/oauth2/v1/clients/${clientId}`);
  if (role.type !== "CUSTOM") return { ...role, _links: { assignee } };
  return {
    ...role,
    _links: {
      assignee,
      "resource-set": href(org, `/api/v1/iam/resource-sets/${String(role["resource-set"])}`),
      role: href(org, `/api/v1/iam/roles/${String(role.role)}`),
      member: href(
        org,
        `/api/v1/iam/resource-sets/${String(role["resource-set"])}/bindings/${String(role.role)}/members`,
      ),
    },
  };
}

function clientExists(org: Org, clientId: string): boolean {
  return org.state.appByClientId(clientId) !== undefined;
}

const assignRoleToClient: OpHandler = ({ org, params, body }) => {
  const clientId = params.clientId!;
  if (!clientExists(org, clientId)) return notFound(clientId, "Client");
  const request = body as { type: string; role?: string; "resource-set"?: string };
  const roles = org.state.clientRoles.of(clientId);
  const now = nowIso(org);
  if (request.type === "CUSTOM") {
    const role =
      org.state.customRoles.get(request.role!) ??
      org.state.customRoles.find((r) => r.label === request.role);
    if (role === undefined) return notFound(request.role!, "CustomRole");
    const set =
      org.state.resourceSets.get(request["resource-set"]!) ??
      org.state.resourceSets.find((r) => r.label === request["resource-set"]);
    if (set === undefined) return notFound(request["resource-set"]!, "ResourceSet");
    if (roles.find((r) => r.role === role.id && r["resource-set"] === set.id)) {
      return oktaError("E0000090");
    }
    const assignment = roles.set({
      id: oktaId("irb"),
      label: String(role.label),
      type: "CUSTOM",
      status: "ACTIVE",
      created: now,
      lastUpdated: now,
      assignmentType: "CLIENT",
      "resource-set": set.id,
      role: role.id,
    });
    return ok(roleView(org, clientId, assignment));
  }
  if (roles.find((r) => r.type === request.type)) return oktaError("E0000090");
  const assignment = roles.set({
    id: oktaId("ra1"),
    label: LABELS[request.type] ?? request.type,
    type: request.type,
    status: "ACTIVE",
    created: now,
    lastUpdated: now,
    assignmentType: "CLIENT",
  });
  return ok(roleView(org, clientId, assignment));
};

const listRolesForClient: OpHandler = ({ org, params }) => {
  if (!clientExists(org, params.clientId!)) return notFound(params.clientId!, "Client");
  const roles = [...(org.state.clientRoles.peek(params.clientId!)?.values() ?? [])];
  return ok(roles.map((r) => roleView(org, params.clientId!, r)));
};

const retrieveClientRole: OpHandler = ({ org, params }) => {
  const role = org.state.clientRoles.peek(params.clientId!)?.get(params.roleAssignmentId!);
  return role === undefined
    ? notFound(params.roleAssignmentId!, "RoleAssignment")
    : ok(roleView(org, params.clientId!, role));
};

const deleteRoleFromClient: OpHandler = ({ org, params }) => {
  const roles = org.state.clientRoles.peek(params.clientId!);
  if (roles?.get(params.roleAssignmentId!) === undefined) {
    return notFound(params.roleAssignmentId!, "RoleAssignment");
  }
  roles.delete(params.roleAssignmentId!);
  return noContent;
};

export const clientRoleHandlers: Record<string, OpHandler> = {
  assignRoleToClient,
  listRolesForClient,
  retrieveClientRole,
  deleteRoleFromClient,
};
