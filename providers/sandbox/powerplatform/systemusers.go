package powerplatform

import (
	"net/http"
	"strings"
)

// systemUserHooks: application users are created by applicationid in a
// business unit; only one user per application may exist.
func systemUserHooks() tableHooks {
	return tableHooks{
		create: createSystemUser,
		update: func(d *dvRequest, row, body record) error {
			return setAllowed("systemuser", row, body, "isdisabled", "applicationid", "fullname", "accessmode")
		},
		remove: func(d *dvRequest, row record) error {
			d.org.UserRoles = dropLinks(d.org.UserRoles, row.str("systemuserid"), "")
			return nil
		},
		expand: map[string]func(*dvRequest, record, []string) any{
			"systemuserroles_association": func(d *dvRequest, row record, sel []string) any {
				return d.rolesOf(d.org.UserRoles, row.str("systemuserid"), sel)
			},
		},
		navigate: map[string]func(*dvRequest, record, bool) error{
			"systemuserroles_association": func(d *dvRequest, row record, ref bool) error {
				return d.associate(&d.org.UserRoles, row.str("systemuserid"), ref)
			},
		},
	}
}

// createSystemUser accepts an application user (applicationid) or an Entra
// user (azureactivedirectoryobjectid) bound to a business unit.
func createSystemUser(d *dvRequest, body record) (record, error) {
	if body.str("_businessunitid_value") == "" {
		return nil, badRequest(codeInvalidArg, "businessunitid is required: bind it with businessunitid@odata.bind.")
	}
	appID := strings.ToLower(body.str("applicationid"))
	oid := strings.ToLower(body.str("azureactivedirectoryobjectid"))
	if appID == "" && oid == "" {
		return nil, badRequest(codeInvalidArg, "An application user needs applicationid; a user needs azureactivedirectoryobjectid.")
	}
	for _, u := range d.org.Tables["systemusers"] {
		if (appID != "" && strings.EqualFold(u.str("applicationid"), appID)) ||
			(oid != "" && strings.EqualFold(u.str("azureactivedirectoryobjectid"), oid)) {
			return nil, &odataError{http.StatusPreconditionFailed, codeDuplicate,
				"A record with matching key values already exists. A user with this application id or Microsoft Entra object id already exists in the organization."}
		}
	}
	rec := newUserRecord(body.str("_businessunitid_value"))
	for k, v := range body {
		rec[k] = v
	}
	if appID != "" {
		rec["applicationid"], rec["accessmode"] = appID, 4
		rec["fullname"] = firstNonEmpty(body.str("fullname"), "# "+appID)
	}
	return rec, nil
}

// newUserRecord is a systemuser row with the defaults Dataverse fills in.
func newUserRecord(businessUnitID string) record {
	return record{
		"_businessunitid_value": businessUnitID, "isdisabled": false, "deletedstate": 0, "accessmode": 0,
		"applicationid": nil, "azureactivedirectoryobjectid": nil, "fullname": "", "domainname": "",
		"internalemailaddress": nil, "islicensed": false, "setupuser": false,
	}
}

// callerUser is the systemuser behind the token. A signed-in person is added
// on first use with System Administrator (as Dataverse does for environment
// admins); an application must already be an application user.
func (d *dvRequest) callerUser() (record, error) {
	c := d.claims
	if c.IsApp() {
		for _, u := range d.org.Tables["systemusers"] {
			if strings.EqualFold(u.str("applicationid"), c.AppID) && u["isdisabled"] != true {
				return u, nil
			}
		}
		return nil, &odataError{http.StatusForbidden, codeNotOrgMember,
			"The user is not a member of the organization. Application " + c.AppID + " has no application user in https://" + d.org.Host + "/."}
	}
	for _, u := range d.org.Tables["systemusers"] {
		if strings.EqualFold(u.str("azureactivedirectoryobjectid"), c.ObjectID) {
			return u, nil
		}
	}
	return d.org.addPerson(c.ObjectID, c.Name, c.UPN, d.now), nil
}

// whoAmI answers the WhoAmI function.
func whoAmI(d *dvRequest, _ string) error {
	d.writeOData(http.StatusOK, map[string]any{
		"@odata.context": d.base + "/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
		"BusinessUnitId": d.caller.str("_businessunitid_value"),
		"UserId":         d.caller.str("systemuserid"),
		"OrganizationId": d.org.OrganizationID,
	})
	return nil
}
