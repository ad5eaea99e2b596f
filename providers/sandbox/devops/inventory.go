package devops

import (
	"maps"
	"slices"
	"strings"
)

// Inventory reports every resource by kind. Client secrets of service
// endpoints and secret variable values appear only when secrets is true.
func (s *Service) Inventory(secrets bool) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	inv := map[string][]map[string]any{}
	add := func(kind string, v map[string]any) { inv[kind] = append(inv[kind], v) }
	for _, key := range slices.Sorted(maps.Keys(s.st.Orgs)) {
		o := s.st.Orgs[key]
		add("organizations", map[string]any{"name": o.Name, "id": o.ID, "tenant": o.Tenant})
		projects := map[string]any{}
		for _, p := range o.Projects {
			if c := o.ProjectConfig[p.ID]; c != nil {
				projects[p.Name] = map[string]any{"enforceJobAuthScope": c.EnforceJobAuthScope, "enforceReferencedRepoScopedToken": c.EnforceReferencedRepoScopedTok}
			}
		}
		add("settings", map[string]any{"organization": o.Name, "enforceJobAuthScope": o.Settings.EnforceJobAuthScope,
			"enforceJobAuthScopeForReleases":   o.Settings.EnforceJobAuthScopeForReleases,
			"enforceReferencedRepoScopedToken": o.Settings.EnforceReferencedRepoScopedToken, "projects": projects})
		inventoryOrg(o, secrets, add)
	}
	out := map[string]any{}
	for k, v := range inv {
		out[k] = v
	}
	return out
}

func inventoryOrg(o *organization, secrets bool, add func(string, map[string]any)) {
	org := func(m map[string]any) map[string]any { m["organization"] = o.Name; return m }
	projectName := func(id string) string {
		if p := o.projectByID(id); p != nil {
			return p.Name
		}
		return ""
	}
	for _, p := range o.Projects {
		add("projects", org(map[string]any{"id": p.ID, "name": p.Name, "state": p.State, "visibility": p.Visibility,
			"process": processName(p.ProcessID), "operationId": p.OperationID}))
	}
	for _, r := range o.Repositories {
		add("repositories", org(repositoryInventory(o, r, projectName(r.ProjectID))))
	}
	for _, d := range o.Definitions {
		m := maps.Clone(d.Body)
		add("buildDefinitions", org(mergeInto(m, map[string]any{"id": d.ID, "name": d.Name, "path": d.Path, "revision": d.Revision, "project": projectName(d.ProjectID)})))
	}
	for _, e := range o.Endpoints {
		add("serviceEndpoints", org(endpointInventory(e, secrets)))
	}
	for _, g := range o.VariableGroups {
		add("variableGroups", org(variableGroupInventory(g, secrets)))
	}
	for _, p := range o.Permissions {
		add("pipelinePermissions", org(map[string]any{"project": projectName(p.ProjectID), "resourceType": p.ResourceType,
			"resourceId": p.ResourceID, "allPipelines": p.AllPipelines, "pipelines": p.Pipelines}))
	}
	inventorySecurity(o, org, add)
}

func inventorySecurity(o *organization, org func(map[string]any) map[string]any, add func(string, map[string]any)) {
	for _, e := range o.Extensions {
		add("extensions", org(extensionJSON(e)))
	}
	for _, a := range o.ACLs {
		for _, d := range slices.Sorted(maps.Keys(a.Entries)) {
			e := a.Entries[d]
			add("accessControlEntries", org(map[string]any{"namespaceId": a.NamespaceID, "token": a.Token,
				"descriptor": e.Descriptor, "allow": e.Allow, "deny": e.Deny}))
		}
	}
	for _, r := range o.Roles {
		name, _ := o.principalName(r.IdentityID)
		add("roleAssignments", org(map[string]any{"scope": r.Scope, "resourceId": r.ResourceID, "identityId": r.IdentityID,
			"identity": name, "role": r.Role}))
	}
	for _, g := range o.Groups {
		add("groups", org(map[string]any{"descriptor": g.Descriptor, "displayName": g.DisplayName, "principalName": g.PrincipalName,
			"origin": g.Origin, "originId": g.OriginID, "projectId": g.ProjectID}))
	}
	for _, e := range o.GroupEntitlements {
		originID := ""
		if g := o.group(e.GroupDescriptor); g != nil {
			originID = g.OriginID
		}
		add("groupEntitlements", org(map[string]any{"groupDescriptor": e.GroupDescriptor, "originId": originID,
			"accountLicenseType": e.LicenseType, "accessLevel": accountLicenseTypes[e.LicenseType], "licensingSource": e.LicensingSource}))
	}
	for _, sp := range o.ServicePrincipals {
		add("servicePrincipals", org(map[string]any{"descriptor": sp.Descriptor, "originId": sp.OriginID}))
	}
	for _, m := range o.Memberships {
		add("memberships", org(map[string]any{"memberDescriptor": m.Member, "containerDescriptor": m.Container}))
	}
	for _, id := range o.Identities {
		add("identities", org(map[string]any{"id": id.ID, "displayName": id.DisplayName, "descriptor": id.Descriptor,
			"subjectDescriptor": id.SubjectDescriptor}))
	}
}

func repositoryInventory(o *organization, r *repository, project string) map[string]any {
	files := slices.Sorted(maps.Keys(r.Files))
	m := map[string]any{"id": r.ID, "name": r.Name, "project": project, "defaultBranch": r.DefaultBranch,
		"refs": r.Refs, "files": files}
	if len(r.Tags) > 0 {
		m["annotatedTags"] = r.Tags
	}
	if main := r.refObject("refs/heads/main"); main != "" {
		m["main"] = main // the commit, for tests that compare it with a tag's
		tags := map[string]string{}
		for _, ref := range r.Refs {
			if name, ok := strings.CutPrefix(ref.Name, "refs/tags/"); ok {
				tags[name] = r.tagCommit(name)
			}
		}
		m["tagCommits"] = tags
	}
	for _, ir := range o.Imports {
		if ir.RepositoryID == r.ID {
			m["import"] = map[string]any{"id": ir.ID, "status": ir.Status, "sourceUrl": ir.SourceURL, "ref": ir.Ref, "error": ir.ErrorMessage}
		}
	}
	return m
}

func endpointInventory(e *serviceEndpoint, secrets bool) map[string]any {
	params := map[string]any{}
	for k, v := range e.Parameters {
		if secrets || !isSecretParameter(k) {
			params[k] = v
		}
	}
	return map[string]any{"id": e.ID, "name": e.Name, "type": e.Type, "url": e.URL, "scheme": e.Scheme,
		"parameters": params, "data": e.Data, "projects": e.Projects}
}

func variableGroupInventory(g *variableGroup, secrets bool) map[string]any {
	vars := map[string]any{}
	for k, v := range g.Variables {
		if v.IsSecret && !secrets {
			vars[k] = map[string]any{"isSecret": true}
		} else {
			vars[k] = map[string]any{"value": v.Value, "isSecret": v.IsSecret}
		}
	}
	return map[string]any{"id": g.ID, "name": g.Name, "type": g.Type, "variables": vars, "projects": g.Projects}
}

func mergeInto(dst, src map[string]any) map[string]any {
	if dst == nil {
		dst = map[string]any{}
	}
	maps.Copy(dst, src)
	return dst
}
