package powerplatform

import (
	"net/http"
	"strings"
)

const roleALMPowerAppAccess = "ALM Power App Access"

// builtInRole is a role every new organisation has in its root business unit:
// its template id is the same everywhere, its name follows the base language.
type builtInRole struct {
	TemplateID string
	Names      map[int]string // by LCID
}

// Template ids of the built-in roles, from Learn's "Security roles and
// templates" (power-apps/developer/data-platform/security-roles: SystemAdmin,
// Customizer, CDSUser — the role now called Basic User); Environment Maker
// has no template.
const (
	templateSystemAdministrator = "627090ff-40a3-4053-8790-584edc5be201"
	templateSystemCustomizer    = "119f245c-3cc8-4b62-b31c-d1a046ced15d"
	templateBasicUser           = "236750cd-45ae-4939-ab12-b24b920ced93"
)

// Base languages the sandbox names roles in (LCIDs).
const (
	lcidEnglish = 1033
	lcidGerman  = 1031
)

// builtInRoles exist in every new organisation's root business unit, named
// in its base language (the German names are those of a German environment).
var builtInRoles = []builtInRole{
	{templateSystemAdministrator, map[int]string{lcidEnglish: "System Administrator", lcidGerman: "Systemadministrator"}},
	{templateBasicUser, map[int]string{lcidEnglish: "Basic User", lcidGerman: "Standardbenutzer"}},
	{templateSystemCustomizer, map[int]string{lcidEnglish: "System Customizer", lcidGerman: "Systemanpasser"}},
	{"", map[int]string{lcidEnglish: "Environment Maker", lcidGerman: "Umgebungsersteller"}},
}

// baseLanguage is the LCID an environment gets when asked for requested (0
// when the request names none). The lived-in world's tenant creates and holds
// environments in German whatever the request says, so every role, team and
// message name an install depends on appears in another language.
func (s *Service) baseLanguage(requested int) int {
	if s.env.LivedIn() {
		return lcidGerman
	}
	return orDefault(requested, lcidEnglish)
}

// name is the role's name in language lcid, English when it has none there.
func (b builtInRole) name(lcid int) string {
	if n, ok := b.Names[lcid]; ok {
		return n
	}
	return b.Names[lcidEnglish]
}

// roleRecord is a security role row in a business unit, from a solution
// (templateID "") or built in.
func roleRecord(name, templateID, businessUnitID, solutionID string) record {
	return record{"name": name, "_businessunitid_value": businessUnitID, "ismanaged": solutionID != "",
		"_roletemplateid_value": nilIfEmpty(templateID), "_parentrootroleid_value": nil,
		"solutionid": firstNonEmpty(solutionID, defaultSolutionID)}
}

// nilIfEmpty is nil for "", so an unset lookup renders as null.
func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// defaultSolutionID is the id Dataverse gives the system solution's components.
const defaultSolutionID = "fd140aae-4df4-11dd-bd17-0019b9312238"

// roleHooks: roles are read-only here; they come built in or from solutions.
func roleHooks() tableHooks { return tableHooks{} }

// roleByTemplate finds the role of the root business unit made from a template.
func (o *org) roleByTemplate(templateID string) record {
	bu := o.rootBusinessUnit().str("businessunitid")
	for _, r := range o.Tables["roles"] {
		if strings.EqualFold(r.str("_roletemplateid_value"), templateID) && r.str("_businessunitid_value") == bu {
			return r
		}
	}
	return nil
}

// rolesOf lists the roles linked to a principal, as an expanded collection.
func (d *dvRequest) rolesOf(links []link, principalID string, sel []string) []any {
	out := []any{}
	for _, l := range links {
		if strings.EqualFold(l.From, principalID) {
			if role := d.org.get("roles", l.To); role != nil {
				out = append(out, project(role, "roleid", sel))
			}
		}
	}
	return out
}

// associate serves a principal's role collection: GET lists it (as entities,
// or as references with $ref), POST $ref adds a role, DELETE $ref?$id= removes one.
func (d *dvRequest) associate(links *[]link, principalID string, ref bool) error {
	switch {
	case d.r.Method == http.MethodGet && !ref:
		d.writeOData(http.StatusOK, map[string]any{"@odata.context": d.base + "/$metadata#roles", "value": d.rolesOf(*links, principalID, nil)})
	case d.r.Method == http.MethodGet:
		refs := []any{}
		for _, r := range d.rolesOf(*links, principalID, []string{"roleid"}) {
			refs = append(refs, map[string]any{"@odata.id": d.base + "/roles(" + r.(map[string]any)["roleid"].(string) + ")"})
		}
		d.writeOData(http.StatusOK, map[string]any{"@odata.context": d.base + "/$metadata#Collection($ref)", "value": refs})
	case d.r.Method == http.MethodPost && ref:
		return d.addRoleLink(links, principalID)
	case d.r.Method == http.MethodDelete && ref:
		_, id := idFromURL(d.r.URL.Query().Get("$id"))
		*links = dropLinks(*links, principalID, id)
		d.w.WriteHeader(http.StatusNoContent)
	default:
		return methodNotAllowed(d.r.Method)
	}
	return nil
}

// addRoleLink reads {"@odata.id": ".../roles(<id>)"} and links the role once;
// a second association of the same role fails as Dataverse's does.
func (d *dvRequest) addRoleLink(links *[]link, principalID string) error {
	var body struct {
		ID string `json:"@odata.id"`
	}
	if err := readJSON(d.r, &body); err != nil || body.ID == "" {
		return badRequest(codeBadQuery, "The request body must be {\"@odata.id\": \"<url of the role>\"}.")
	}
	set, id := idFromURL(body.ID)
	role := d.org.get("roles", id)
	if set != "roles" || role == nil {
		return notFound("role", id)
	}
	for _, l := range *links {
		if strings.EqualFold(l.From, principalID) && strings.EqualFold(l.To, id) {
			return &odataError{http.StatusPreconditionFailed, codeDuplicate, "Cannot insert duplicate key."}
		}
	}
	*links = append(*links, link{strings.ToLower(principalID), role.str("roleid")})
	d.w.WriteHeader(http.StatusNoContent)
	return nil
}

// dropLinks removes the links of a principal, to one role or (roleID "") to all.
func dropLinks(links []link, principalID, roleID string) []link {
	out := links[:0]
	for _, l := range links {
		if strings.EqualFold(l.From, principalID) && (roleID == "" || strings.EqualFold(l.To, roleID)) {
			continue
		}
		out = append(out, l)
	}
	return out
}
