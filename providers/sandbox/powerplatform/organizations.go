package powerplatform

import "time"

// The organizations table holds one row: the environment's settings, among
// them "Power Apps component framework for canvas apps"
// (iscustomcontrolsincanvasappsenabled), which the admin center's
// Environment features and `pac env update-settings` change, and which
// microsoft/terraform-provider-power-platform
// (internal/services/environment_settings/dto.go) PATCHes on
// organizations(<organizationid>). A new environment has it off.

// organizationSettings are the columns of organizations the sandbox lets a
// client change.
var organizationSettings = []string{"iscustomcontrolsincanvasappsenabled", "plugintracelogsetting", "isauditenabled"}

// addOrganizationRow adds the organisation's settings row.
func (o *org) addOrganizationRow(label string, lcid int, now time.Time) {
	o.insert("organizations", record{"organizationid": o.OrganizationID, "name": label, "languagecode": lcid,
		"iscustomcontrolsincanvasappsenabled": false, "plugintracelogsetting": 0, "isauditenabled": false}, now)
}

// organizationHooks: the row exists from the start; only settings change.
func organizationHooks() tableHooks {
	return tableHooks{update: func(d *dvRequest, row, body record) error {
		return setAllowed("organization", row, body, organizationSettings...)
	}}
}
