package powerplatform

import "time"

// addPerson adds an Entra user to the organisation in the root business unit
// with the System Administrator role.
func (o *org) addPerson(objectID, name, upn string, now time.Time) record {
	rec := newUserRecord(o.rootBusinessUnit().str("businessunitid"))
	rec["azureactivedirectoryobjectid"] = objectID
	rec["fullname"], rec["domainname"], rec["internalemailaddress"] = firstNonEmpty(name, upn), upn, upn
	rec["islicensed"] = true
	u := o.insert("systemusers", rec, now)
	if role := o.roleByTemplate(templateSystemAdministrator); role != nil {
		o.UserRoles = append(o.UserRoles, link{u.str("systemuserid"), role.str("roleid")})
	}
	return u
}
