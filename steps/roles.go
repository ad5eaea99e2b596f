package steps

import "strings"

// ServiceRoles are the admin roles one service's steps need.
type ServiceRoles struct {
	Service string   // as the admin centres say it
	Roles   []string // the roles to ask for
	Within  []string // the narrower roles steps name, which Roles include (a prefix ends in a space)
}

// AdminRoles are the admin roles an install needs, by service, in the words
// the steps' Role() uses — so that what the wizard's welcome screen asks for
// before there is a profile is what the review then requires.
var AdminRoles = []ServiceRoles{
	{"Entra", []string{roleEntraApps, roleEntraConsent, roleEntraGroups}, []string{roleEntraMember}},
	{"Azure DevOps", []string{roleCollectionAdmin}, []string{roleProjectAdmin}},
	{"Power Platform", []string{rolePowerPlatformAdmin}, []string{roleSystemAdminIn}},
}

// RoleCovered says whether a step's Role() is one AdminRoles asks for.
func RoleCovered(role string) bool {
	for _, s := range AdminRoles {
		for _, r := range append(append([]string{}, s.Roles...), s.Within...) {
			if role == r || strings.HasSuffix(r, " ") && strings.HasPrefix(role, r) {
				return true
			}
		}
	}
	return false
}
