package powerplatform

import (
	"context"
	"fmt"
	"strings"
)

// SystemUser is a Dataverse user: a person, or an application user (an app
// registration acting as a non-interactive user).
type SystemUser struct {
	ID             string `json:"systemuserid"`
	ApplicationID  string `json:"applicationid"`
	FullName       string `json:"fullname"`
	Disabled       bool   `json:"isdisabled"`
	DeletedState   int    `json:"deletedstate"`
	BusinessUnitID string `json:"_businessunitid_value"`
}

// ApplicationUser finds the live (not deleted) application user of appID.
func (d *Dataverse) ApplicationUser(ctx context.Context, appID string) (SystemUser, bool, error) {
	op := fmt.Sprintf("find the application user of %s", appID)
	if err := checkGUID("application id", appID); err != nil {
		return SystemUser{}, false, fmt.Errorf("%s: %w", op, err)
	}
	var list rows[SystemUser]
	path := query("systemusers", "$select", "systemuserid,applicationid,fullname,isdisabled,deletedstate,_businessunitid_value",
		"$filter", "applicationid eq "+appID)
	if err := d.get(ctx, op, path, &list); err != nil {
		return SystemUser{}, false, err
	}
	for _, u := range list.Value {
		if u.DeletedState == 0 && strings.EqualFold(u.ApplicationID, appID) {
			return u, true, nil
		}
	}
	return SystemUser{}, false, nil
}

// EnsureApplicationUser makes the app registration appID an enabled
// application user of the organisation, in the root business unit.
func (d *Dataverse) EnsureApplicationUser(ctx context.Context, appID string) (SystemUser, Outcome, error) {
	u, found, err := d.ApplicationUser(ctx, appID)
	if err != nil {
		return SystemUser{}, "", err
	}
	if found && !u.Disabled {
		return u, Found, nil
	}
	if found {
		op := fmt.Sprintf("enable application user %s", appID)
		if err := d.patch(ctx, op, "systemusers("+u.ID+")", map[string]any{"isdisabled": false, "applicationid": appID}); err != nil {
			return SystemUser{}, "", err
		}
		u.Disabled = false
		return u, Updated, nil
	}
	return d.createApplicationUser(ctx, appID)
}

// createApplicationUser adds the application user; when someone else added
// it in the meantime (a duplicate), it adopts theirs.
func (d *Dataverse) createApplicationUser(ctx context.Context, appID string) (SystemUser, Outcome, error) {
	bu, err := d.RootBusinessUnit(ctx)
	if err != nil {
		return SystemUser{}, "", err
	}
	op := fmt.Sprintf("create application user %s", appID)
	body := map[string]any{"applicationid": appID, "accessmode": 4, "isdisabled": false,
		"businessunitid@odata.bind": "/businessunits(" + bu.ID + ")"}
	id, err := d.create(ctx, op, "systemusers", body)
	if isDuplicate(err) {
		u, found, lookErr := d.ApplicationUser(ctx, appID)
		if lookErr == nil && found {
			return u, Found, nil
		}
	}
	if err != nil {
		return SystemUser{}, "", err
	}
	return SystemUser{ID: id, ApplicationID: appID, BusinessUnitID: bu.ID}, Created, nil
}

// DisableApplicationUser disables the application user of appID, as the
// admin center does when an application user is removed: Dataverse keeps
// user records, it never deletes them. None, or one already disabled, is
// Found.
func (d *Dataverse) DisableApplicationUser(ctx context.Context, appID string) (Outcome, error) {
	u, found, err := d.ApplicationUser(ctx, appID)
	if err != nil || !found || u.Disabled {
		return Found, err
	}
	op := fmt.Sprintf("disable application user %s", appID)
	if err := d.patch(ctx, op, "systemusers("+u.ID+")", map[string]any{"isdisabled": true}); err != nil {
		return "", err
	}
	return Updated, nil
}
