// IAM resource sets and their resources (/api/v1/iam/resource-sets): PROVIDERS.md okta.ResourceSet
// — create `{label, description, resources}`, read with `…/resources` paged by `_links.next.href`
// in the body, add with `PATCH …/resources {additions}`, remove one with `DELETE …/resources/{id}`.
import { notFound, validationFailed } from "./errors";
import { bodyLinks } from "./paging";
import { href, limitParam, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { resourceFromReference } from "./seed";
import { oktaId, type OktaObject } from "./state";

const PAGE = 20;
/** listResourceSetResources' `limit`: default 100 (inferred), the spec's maximum 100. */
const RESOURCES_PAGE = 100;
/** CreateResourceSetRequest.resources: at most 1,000. */
const MAX_RESOURCES = 1000;

export function findResourceSet(org: Org, idOrLabel: string): OktaObject | undefined {
  return (
    org.state.resourceSets.get(idOrLabel) ??
    org.state.resourceSets.find((r) => r.label === idOrLabel)
  );
}

function setView(org: Org, set: OktaObject): OktaObject {
  const base = `/api/v1/iam/resource-sets/${set.id}`;
  return {
    ...set,
    _links: {
      self: href(org, base),
      resources: href(org, `${base}/resources`),
      bindings: href(org, `${base}/bindings`),
    },
  };
}

function resourceView(org: Org, setId: string, r: OktaObject): OktaObject {
  const links = (r._links ?? {}) as Record<string, unknown>;
  return {
    ...r,
    _links: { ...links, "resource-set": href(org, `/api/v1/iam/resource-sets/${setId}`) },
  };
}

/** Adds members by ORN or REST URL; one already present (same reference) is not added twice. */
function addResources(org: Org, setId: string, references: readonly string[]): void {
  const members = org.state.resourceSetResources.of(setId);
  for (const ref of references) {
    const present = members.find(
      (m) =>
        m.orn === ref || (m._links as { self?: { href?: string } } | undefined)?.self?.href === ref,
    );
    if (present === undefined) members.set(resourceFromReference(org, ref));
  }
}

const createResourceSet: OpHandler = ({ org, body }) => {
  const { label, description, resources } = body as {
    label: string;
    description: string;
    resources: string[];
  };
  if (findResourceSet(org, label) !== undefined) {
    return validationFailed("label", [
      { field: "label", message: `a resource set labelled ${label} already exists` },
    ]);
  }
  if (resources.length > MAX_RESOURCES) {
    return validationFailed("resources", [
      { field: "resources", message: `at most ${MAX_RESOURCES} resources` },
    ]);
  }
  const now = nowIso(org);
  const set = org.state.resourceSets.set({
    id: oktaId("iam"),
    label,
    description,
    created: now,
    lastUpdated: now,
  });
  addResources(org, set.id, resources);
  return ok(setView(org, set));
};

const listResourceSets: OpHandler = ({ org, query, op }) => {
  const page = org.state.resourceSets.page(query.get("after") ?? undefined, PAGE);
  return ok({
    "resource-sets": page.items.map((s) => setView(org, s)),
    _links: bodyLinks(org, op.path, query, page, PAGE),
  });
};

const getResourceSet: OpHandler = ({ org, params }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  return set === undefined
    ? notFound(params.resourceSetIdOrLabel!, "ResourceSet")
    : ok(setView(org, set));
};

const replaceResourceSet: OpHandler = ({ org, params, body }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  if (set === undefined) return notFound(params.resourceSetIdOrLabel!, "ResourceSet");
  const { label, description } = body as { label?: string; description?: string };
  const next = org.state.resourceSets.set({
    ...set,
    ...(label === undefined ? {} : { label }),
    ...(description === undefined ? {} : { description }),
    lastUpdated: nowIso(org),
  });
  return ok(setView(org, next));
};

const deleteResourceSet: OpHandler = ({ org, params }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  if (set === undefined) return notFound(params.resourceSetIdOrLabel!, "ResourceSet");
  org.state.resourceSets.delete(set.id);
  org.state.resourceSetResources.drop(set.id);
  return noContent;
};

const listResourceSetResources: OpHandler = ({ org, params, query, op }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  if (set === undefined) return notFound(params.resourceSetIdOrLabel!, "ResourceSet");
  const limit = limitParam(query, RESOURCES_PAGE, RESOURCES_PAGE);
  const page = org.state.resourceSetResources
    .of(set.id)
    .page(query.get("after") ?? undefined, limit);
  const path = op.path.replace("{resourceSetIdOrLabel}", set.id);
  return ok({
    resources: page.items.map((r) => resourceView(org, set.id, r)),
    _links: {
      ...bodyLinks(org, path, query, page, limit),
      "resource-set": href(org, `/api/v1/iam/resource-sets/${set.id}`),
    },
  });
};

const addResourceSetResources: OpHandler = ({ org, params, body }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  if (set === undefined) return notFound(params.resourceSetIdOrLabel!, "ResourceSet");
  const additions = (body as { additions?: string[] }).additions ?? [];
  if (additions.length === 0) {
    return validationFailed("additions", [
      { field: "additions", message: "at least one resource" },
    ]);
  }
  addResources(org, set.id, additions);
  return ok(setView(org, org.state.resourceSets.set({ ...set, lastUpdated: nowIso(org) })));
};

const getResourceSetResource: OpHandler = ({ org, params }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  const r = set && org.state.resourceSetResources.peek(set.id)?.get(params.resourceId!);
  return set === undefined || r === undefined
    ? notFound(params.resourceId!, "ResourceSetResource")
    : ok(resourceView(org, set.id, r));
};

const deleteResourceSetResource: OpHandler = ({ org, params }) => {
  const set = findResourceSet(org, params.resourceSetIdOrLabel!);
  const members = set && org.state.resourceSetResources.peek(set.id);
  if (members?.get(params.resourceId!) === undefined) {
    return notFound(params.resourceId!, "ResourceSetResource");
  }
  members.delete(params.resourceId!);
  return noContent;
};

export const resourceSetHandlers: Record<string, OpHandler> = {
  createResourceSet,
  listResourceSets,
  getResourceSet,
  replaceResourceSet,
  deleteResourceSet,
  listResourceSetResources,
  addResourceSetResources,
  getResourceSetResource,
  deleteResourceSetResource,
};
