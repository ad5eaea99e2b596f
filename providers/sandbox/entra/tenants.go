package entra

import (
	"regexp"
	"strings"
	"time"
)

// globalAdminRole is the role template id of Global Administrator.
const globalAdminRole = "62e90394-69f5-4237-9190-012177145e10"

// defaultDomain is the tenant the multi-tenant authorities common and
// organizations sign in to.
const defaultDomain = "sandbox.onmicrosoft.com"

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// tenantFor returns the tenant named by an authority path segment (a domain
// or a GUID), creating it on first use.
func (s *Service) tenantFor(name string) *tenant {
	name = strings.ToLower(name)
	if name == "common" || name == "organizations" {
		name = defaultDomain
	}
	if t, ok := s.st.Tenants[name]; ok {
		return t
	}
	for _, t := range s.st.Tenants {
		if t.Domain == name {
			return t
		}
	}
	if guidPattern.MatchString(name) {
		return s.addTenant(name, "tenant-"+name[:8]+".onmicrosoft.com")
	}
	return s.addTenant(stableID("tenant", name), name)
}

// tenantByID returns an existing tenant, for Graph calls whose token names it.
func (s *Service) tenantByID(id string) *tenant { return s.st.Tenants[strings.ToLower(id)] }

// addTenant creates a tenant with its admin user and the resource service
// principals a tenant of the sandbox's world has: a fresh tenant only
// Microsoft Graph's (a new demo tenant lacks Azure DevOps, Dynamics CRM,
// PowerApps-Advisor and PowerApps Service until someone uses them), a
// lived-in one all of them.
func (s *Service) addTenant(id, domain string) *tenant {
	t := &tenant{
		ID: strings.ToLower(id), Domain: strings.ToLower(domain),
		Users: map[string]*user{}, Applications: map[string]*application{},
		ServicePrincipals: map[string]*servicePrincipal{}, Grants: map[string]*object{},
		Assignments: map[string]*object{}, Groups: map[string]*group{},
	}
	s.st.Tenants[t.ID] = t
	s.addAdmin(t)
	for _, ra := range builtInResources {
		if ra.InEveryTenant || s.env.LivedIn() {
			s.addBuiltInSP(t, ra, 0)
		}
	}
	return t
}

// guestHomeDomain is the tenant the lived-in world's admin belongs to; every
// tenant the sandbox serves has them as a B2B guest.
const guestHomeDomain = "fabrikam-partners.onmicrosoft.com"

// addAdmin adds the Global Administrator every device code signs in: a
// member of the tenant, or in the lived-in world a guest invited from
// guestHomeDomain, with its own object id in this tenant as B2B guests have
// (learn.microsoft.com/entra/external-id/user-properties: the guest's UPN is
// the home address with "#EXT#@" and the inviting tenant's domain).
func (s *Service) addAdmin(t *tenant) {
	id := stableID("admin", t.ID)
	upn := "admin@" + t.Domain
	props := map[string]any{
		"id": id, "userPrincipalName": upn, "displayName": "Sandbox Admin",
		"mail": upn, "givenName": "Sandbox", "surname": "Admin", "accountEnabled": true,
	}
	u := &user{Roles: []string{globalAdminRole}}
	if s.env.LivedIn() {
		home := "admin@" + guestHomeDomain
		props["userPrincipalName"] = strings.Replace(home, "@", "_", 1) + "#EXT#@" + t.Domain
		props["mail"] = home
		homeTenant := stableID("tenant", guestHomeDomain)
		u.Home = &homeAccount{Tenant: homeTenant, ObjectID: stableID("admin", homeTenant), UPN: home}
	}
	u.object = s.newObject(props, 0)
	t.Users[id] = u
}

// addBuiltInSP adds the service principal of a first-party API, readable
// after lag.
func (s *Service) addBuiltInSP(t *tenant, ra resourceApp, lag time.Duration) *servicePrincipal {
	id := stableID("sp", t.ID, ra.AppID)
	props := spDefaults(id, ra.AppID, ra.DisplayName)
	props["appOwnerOrganizationId"] = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
	props["servicePrincipalNames"] = toAny(append([]string{ra.AppID}, ra.IdentifierURIs...))
	props["oauth2PermissionScopes"] = permissionScopes(ra.Scopes)
	props["appRoles"] = appRoles(ra.Roles)
	sp := &servicePrincipal{object: s.newObject(props, lag), BuiltIn: true}
	t.ServicePrincipals[id] = sp
	return sp
}

// newObject stamps props with creation order and the replication delay.
func (s *Service) newObject(props map[string]any, lag time.Duration) object {
	s.st.Seq++
	return object{Props: props, Seq: s.st.Seq, VisibleAt: s.now().Add(lag)}
}

func permissionScopes(ps []permission) []any {
	out := []any{}
	for _, p := range ps {
		out = append(out, map[string]any{
			"id": p.ID, "value": p.Value, "type": "User", "isEnabled": true,
			"adminConsentDisplayName": p.Value, "adminConsentDescription": p.Value,
			"userConsentDisplayName": p.Value, "userConsentDescription": p.Value,
		})
	}
	return out
}

func appRoles(ps []permission) []any {
	out := []any{}
	for _, p := range ps {
		out = append(out, map[string]any{
			"id": p.ID, "value": p.Value, "isEnabled": true, "origin": "Application",
			"allowedMemberTypes": []any{"Application"}, "displayName": p.Value, "description": p.Value,
		})
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
