package powerplatform

import (
	"net/http"
	"strings"
)

const (
	roleSystemAdministrator = "System Administrator"
	roleBasicUser           = "Basic User"
	roleALMPowerAppAccess   = "ALM Power App Access"
)

// builtInRoles exist in every new organisation's root business unit.
var builtInRoles = []string{roleSystemAdministrator, roleBasicUser, "System Customizer", "Environment Maker"}

// roleTemplateIDs are the well-known template ids of built-in roles.
var roleTemplateIDs = map[string]string{roleSystemAdministrator: "627090ff-40a3-4053-8790-584edc5be201"}

// roleRecord is a security role row in a business unit, from a solution or built in.
func roleRecord(name, businessUnitID, solutionID string) record {
	rec := record{"name": name, "_businessunitid_value": businessUnitID, "ismanaged": solutionID != "",
		"roletemplateid": nil, "_parentrootroleid_value": nil, "solutionid": firstNonEmpty(solutionID, defaultSolutionID)}
	if id, ok := roleTemplateIDs[name]; ok {
		rec["roletemplateid"] = id
	}
	return rec
}

// defaultSolutionID is the id Dataverse gives the system solution's components.
const defaultSolutionID = "fd140aae-4df4-11dd-bd17-0019b9312238"

// roleHooks: roles are read-only here; they come built in or from solutions.
func roleHooks() tableHooks { return tableHooks{} }

// roleByName finds a role of the root business unit by name.
func (o *org) roleByName(name string) record {
	bu := o.rootBusinessUnit().str("businessunitid")
	for _, r := range o.Tables["roles"] {
		if strings.EqualFold(r.str("name"), name) && r.str("_businessunitid_value") == bu {
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
