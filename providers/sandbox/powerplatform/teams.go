package powerplatform

import (
	"net/http"
	"slices"
	"strings"
)

// Team types (teamtype) a team can have.
const (
	teamOwner        = 0
	teamAccess       = 1
	teamEntraGroup   = 2 // Microsoft Entra security group
	teamOffice       = 3 // Microsoft 365 group
	membershipMixed  = 0 // members and guests
	membershipMaxVal = 3
)

// teamHooks: group teams name an Entra group; one team per group and
// membership type, one name per business unit.
func teamHooks() tableHooks {
	return tableHooks{
		create: createTeam,
		update: func(d *dvRequest, row, body record) error {
			return setAllowed("team", row, body, "name", "description")
		},
		remove: func(d *dvRequest, row record) error {
			d.org.TeamRoles = dropLinks(d.org.TeamRoles, row.str("teamid"), "")
			return nil
		},
		expand: map[string]func(*dvRequest, record, []string) any{
			"teamroles_association": func(d *dvRequest, row record, sel []string) any {
				return d.rolesOf(d.org.TeamRoles, row.str("teamid"), sel)
			},
		},
		navigate: map[string]func(*dvRequest, record, bool) error{
			"teamroles_association": func(d *dvRequest, row record, ref bool) error {
				return d.associate(&d.org.TeamRoles, row.str("teamid"), ref)
			},
		},
	}
}

func createTeam(d *dvRequest, body record) (record, error) {
	rec := record{"teamtype": teamOwner, "membershiptype": membershipMixed, "azureactivedirectoryobjectid": nil,
		"isdefault": false, "description": nil, "_administratorid_value": d.caller.str("systemuserid"),
		"_businessunitid_value": d.org.rootBusinessUnit().str("businessunitid")}
	for k, v := range body {
		rec[k] = v
	}
	if rec.str("name") == "" {
		return nil, badRequest(codeInvalidArg, "A team needs a name.")
	}
	if !slices.Contains([]int{teamOwner, teamAccess, teamEntraGroup, teamOffice}, rec.num("teamtype")) ||
		rec.num("membershiptype") < 0 || rec.num("membershiptype") > membershipMaxVal {
		return nil, badRequest(codeInvalidArg, "teamtype or membershiptype is out of range.")
	}
	group := strings.ToLower(rec.str("azureactivedirectoryobjectid"))
	isGroup := rec.num("teamtype") == teamEntraGroup || rec.num("teamtype") == teamOffice
	if isGroup && group == "" {
		return nil, badRequest(codeInvalidArg, "A Microsoft Entra group team needs azureactivedirectoryobjectid.")
	}
	if isGroup {
		rec["azureactivedirectoryobjectid"] = group
	}
	return rec, d.checkTeamUnique(rec)
}

// checkTeamUnique rejects a second team for the same group or with the same name.
func (d *dvRequest) checkTeamUnique(rec record) error {
	for _, t := range d.org.Tables["teams"] {
		sameGroup := rec.str("azureactivedirectoryobjectid") != "" &&
			strings.EqualFold(t.str("azureactivedirectoryobjectid"), rec.str("azureactivedirectoryobjectid")) &&
			t.num("membershiptype") == rec.num("membershiptype")
		if sameGroup {
			return &odataError{http.StatusPreconditionFailed, codeDuplicate,
				"A record with matching key values already exists. A team for this Microsoft Entra group and membership type already exists."}
		}
		if strings.EqualFold(t.str("name"), rec.str("name")) && t.str("_businessunitid_value") == rec.str("_businessunitid_value") {
			return &odataError{http.StatusPreconditionFailed, codeDuplicate,
				"A team with the name '" + rec.str("name") + "' already exists in this business unit."}
		}
	}
	return nil
}
