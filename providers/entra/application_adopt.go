package entra

import (
	"context"
	"fmt"
)

// UnrecognisedAppError says that an app registration has the display name
// almwiz would use but nothing shows it is the ALM Accelerator's, so almwiz
// will neither take it over nor make a second app of the same name.
type UnrecognisedAppError struct {
	Name     string // the display name
	ObjectID string // the app's object id
	AppID    string // its application (client) id
}

// Error names the app and what the admin can do.
func (e *UnrecognisedAppError) Error() string {
	return fmt.Sprintf("an app registration named %q already exists (object id %s, app id %s), but it asks none of the "+
		"ALM Accelerator's permissions and you are not among its owners, so almwiz will not take it over.\n"+
		"  If it is the accelerator's app, add yourself as an owner in the Microsoft Entra admin center (App registrations > %s > Owners) and run almwiz again;\n"+
		"  otherwise set identity.appRegistration in the profile to another name.",
		e.Name, e.ObjectID, e.AppID, e.Name)
}

// adoptable reports whether app, of spec's display name but without a
// uniqueName, is the accelerator's: it asks one of the APIs spec asks (the
// CoE CLI created it with the same manifest, reference/coe-cli.md A.1), or
// the signed-in admin (spec.Adopter) owns it. An app that is neither may be
// someone else's of the same name.
func (c *Client) adoptable(ctx context.Context, app Application, spec AppSpec) (bool, error) {
	for _, want := range spec.RequiredResourceAccess {
		if indexOfResource(app.RequiredResourceAccess, want.ResourceAppID) >= 0 {
			return true, nil
		}
	}
	if spec.Adopter == nil {
		return false, nil
	}
	me, err := spec.Adopter(ctx)
	if err != nil || me == "" {
		return false, err
	}
	owners, err := c.ownersOf(ctx, app)
	return containsID(owners, me), err
}
