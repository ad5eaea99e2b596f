package powerplatform

import "strings"

// inventoryTables are the Dataverse tables the inventory reports, by kind.
var inventoryTables = map[string]string{
	"solutions": "solutions", "connectionReferences": "connectionreferences", "connectors": "connectors",
	"flows": "workflows", "canvasApps": "canvasapps", "asyncOperations": "asyncoperations", "teams": "teams",
}

// Inventory reports every resource by kind. Custom connectors' OAuth client
// secrets appear only with secrets.
func (s *Service) Inventory(secrets bool) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	inv := map[string]any{}
	envs, ops, apps := []any{}, []any{}, []any{}
	for _, e := range sortedEnvironments(s.st) {
		envs = append(envs, e.dto(false))
	}
	for _, op := range s.st.Operations {
		ops = append(ops, op.dto())
	}
	for _, a := range s.st.AdminApplications {
		apps = append(apps, a.dto())
	}
	inv["environments"], inv["lifecycleOperations"], inv["adminApplications"] = envs, ops, apps
	inv["connections"], inv["appPermissions"] = copied(s.st.Connections), copied(s.st.AppPermissions)
	for kind, set := range inventoryTables {
		inv[kind] = s.tableInventory(set, secrets)
	}
	inv["applicationUsers"], inv["dataverseUsers"] = s.userInventory(true), s.userInventory(false)
	inv["roleAssignments"] = s.roleAssignments()
	inv["dlpPolicies"] = s.policies()
	return inv
}

// tableInventory lists the rows of a table across organisations.
func (s *Service) tableInventory(set string, secrets bool) []any {
	out := []any{}
	for _, o := range s.st.Orgs {
		for _, row := range o.Tables[set] {
			item := project(row, entitySets[set].Key, nil)
			item["environment"] = o.Host
			if secrets && set == "connectors" {
				item["clientSecret"] = row.str("~clientsecret")
			}
			out = append(out, item)
		}
	}
	return out
}

// userInventory lists application users (apps) or people.
func (s *Service) userInventory(apps bool) []any {
	out := []any{}
	for _, o := range s.st.Orgs {
		for _, u := range o.Tables["systemusers"] {
			if (u.str("applicationid") != "") == apps {
				item := project(u, "systemuserid", nil)
				item["environment"] = o.Host
				out = append(out, item)
			}
		}
	}
	return out
}

// roleAssignments lists who holds which role, users and teams alike.
func (s *Service) roleAssignments() []any {
	out := []any{}
	for _, o := range s.st.Orgs {
		for _, kind := range []struct {
			set   string
			links []link
		}{{"systemusers", o.UserRoles}, {"teams", o.TeamRoles}} {
			for _, l := range kind.links {
				p, role := o.get(kind.set, l.From), o.get("roles", l.To)
				if p == nil || role == nil {
					continue
				}
				out = append(out, map[string]any{"environment": o.Host, "principalType": strings.TrimSuffix(kind.set, "s"),
					"principalId": l.From, "principal": firstNonEmpty(p.str("fullname"), p.str("name")),
					"applicationId": p["applicationid"], "roleId": l.To, "role": role.str("name"),
					"roleTemplateId": role["_roletemplateid_value"]})
			}
		}
	}
	return out
}

// copied returns copies of the elements, so the inventory shares nothing with the state.
func copied[T any](list []*T) []T {
	out := make([]T, 0, len(list))
	for _, v := range list {
		out = append(out, *v)
	}
	return out
}
