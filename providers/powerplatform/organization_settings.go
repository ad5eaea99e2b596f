package powerplatform

import (
	"context"
	"fmt"
)

// Code components in canvas apps ("Power Apps component framework for
// canvas apps" in the admin center's Environment features) is the
// organizations column iscustomcontrolsincanvasappsenabled, changed on the
// organization's one row as microsoft/terraform-provider-power-platform does
// (internal/services/environment_settings: PATCH organizations(<id>)) and
// `pac env update-settings --name iscustomcontrolsincanvasappsenabled`.
// The Creator Kit's canvas components need it.
const columnCanvasCodeComponents = "iscustomcontrolsincanvasappsenabled"

type organizationRow struct {
	ID                   string `json:"organizationid"`
	CanvasCodeComponents bool   `json:"iscustomcontrolsincanvasappsenabled"`
}

// organization reads the environment's organization row.
func (d *Dataverse) organization(ctx context.Context, op string) (organizationRow, error) {
	var list rows[organizationRow]
	if err := d.get(ctx, op, query("organizations", "$select", "organizationid,"+columnCanvasCodeComponents), &list); err != nil {
		return organizationRow{}, err
	}
	if len(list.Value) == 0 {
		return organizationRow{}, fmt.Errorf("%s: Dataverse has no organization row", d.in(op))
	}
	return list.Value[0], nil
}

// CanvasCodeComponentsEnabled reports whether code components may be used
// in canvas apps, changing nothing.
func (d *Dataverse) CanvasCodeComponentsEnabled(ctx context.Context) (bool, error) {
	org, err := d.organization(ctx, "read the setting for code components in canvas apps")
	return org.CanvasCodeComponents, err
}

// EnableCanvasCodeComponents turns on code components in canvas apps,
// only if they are off.
func (d *Dataverse) EnableCanvasCodeComponents(ctx context.Context) (Outcome, error) {
	op := "allow code components in canvas apps"
	org, err := d.organization(ctx, op)
	if err != nil {
		return "", err
	}
	if org.CanvasCodeComponents {
		return Found, nil
	}
	if err := checkGUID("organization id", org.ID); err != nil {
		return "", fmt.Errorf("%s: %w", d.in(op), err)
	}
	if err := d.patch(ctx, op, "organizations("+org.ID+")", map[string]any{columnCanvasCodeComponents: true}); err != nil {
		return "", err
	}
	return Updated, nil
}
