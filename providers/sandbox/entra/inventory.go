package entra

import "sort"

// Inventory lists every tenant and directory object the service holds, by
// kind. Client secret values appear only when secrets is true.
func (s *Service) Inventory(secrets bool) map[string]any {
	s.mu.Lock()
	inv := inventory{}
	for _, t := range s.st.Tenants {
		inv.addTenant(t, secrets)
	}
	s.mu.Unlock()
	out := map[string]any{}
	for kind, items := range inv {
		sortInventory(items)
		out[kind] = items
	}
	return out
}

// inventory gathers objects by kind, each stamped with its tenant.
type inventory map[string][]map[string]any

func (inv inventory) add(kind string, t *tenant, seq int64, props map[string]any) {
	props["tenantId"] = t.ID
	props["_seq"] = seq
	inv[kind] = append(inv[kind], props)
}

func (inv inventory) addTenant(t *tenant, secrets bool) {
	inv.add("tenants", t, 0, map[string]any{"id": t.ID, "domain": t.Domain})
	for _, u := range t.Users {
		inv.add("users", t, u.Seq, cloneProps(u.Props))
	}
	for _, a := range t.Applications {
		inv.add("applications", t, a.Seq, inventoryApp(a, secrets))
	}
	for _, sp := range t.ServicePrincipals {
		p := cloneProps(sp.Props)
		p["builtIn"] = sp.BuiltIn
		inv.add("servicePrincipals", t, sp.Seq, p)
	}
	for _, gr := range t.Grants {
		inv.add("oauth2PermissionGrants", t, gr.Seq, cloneProps(gr.Props))
	}
	for _, as := range t.Assignments {
		inv.add("appRoleAssignments", t, as.Seq, cloneProps(as.Props))
	}
	for _, gr := range t.Groups {
		p := cloneProps(gr.Props)
		p["members"] = append([]string{}, gr.Members...)
		inv.add("groups", t, gr.Seq, p)
	}
}

func inventoryApp(a *application, secrets bool) map[string]any {
	p := cloneProps(a.Props)
	creds := []any{}
	for _, pw := range a.Passwords {
		creds = append(creds, renderPassword(pw, secrets))
	}
	p["passwordCredentials"] = creds
	p["owners"] = append([]string{}, a.Owners...)
	return p
}

// sortInventory orders items by tenant, then creation, and drops the order key.
func sortInventory(items []map[string]any) {
	sort.SliceStable(items, func(i, j int) bool {
		ti, tj := items[i]["tenantId"].(string), items[j]["tenantId"].(string)
		if ti != tj {
			return ti < tj
		}
		return items[i]["_seq"].(int64) < items[j]["_seq"].(int64)
	})
	for _, it := range items {
		delete(it, "_seq")
	}
}
