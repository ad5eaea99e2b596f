package powerplatform

import (
	"context"
	"fmt"
	"strings"
)

// Security roles the ALM Accelerator installation assigns.
const (
	RoleSystemAdministrator = "System Administrator"
	RoleBasicUser           = "Basic User"
	RoleALMPowerAppAccess   = "ALM Power App Access"
)

// roleTemplates are the template ids of the built-in roles, by their English
// names. A built-in role's name follows the environment's base language
// ("Systemadministrator" in a German one), its template id is the same in
// every environment; Learn's "Security roles and templates"
// (power-apps/developer/data-platform/security-roles) lists them and says to
// look roles up by template. CDSUser is the role now named Basic User.
// Roles a solution brings (ALM Power App Access) have no template and keep
// the name the solution gives them.
var roleTemplates = map[string]string{
	"system administrator":     "627090ff-40a3-4053-8790-584edc5be201",
	"system customizer":        "119f245c-3cc8-4b62-b31c-d1a046ced15d",
	"basic user":               "236750cd-45ae-4939-ab12-b24b920ced93",
	"common data service user": "236750cd-45ae-4939-ab12-b24b920ced93",
	"support user":             "2d101bb3-5ced-4122-83f1-94d5efde4e3b",
	"delegate":                 "d892cc0b-28c7-4e88-bd92-72f2c366baed",
}

// Role is a Dataverse security role.
type Role struct {
	ID             string `json:"roleid"`
	Name           string `json:"name"`
	BusinessUnitID string `json:"_businessunitid_value"`
	TemplateID     string `json:"_roletemplateid_value"`
}

// RoleByName finds a security role of the root business unit (roles are
// copied into every business unit; assignments use the root's): a built-in
// role by its template id, whatever the environment's language calls it,
// any other by its name.
func (d *Dataverse) RoleByName(ctx context.Context, name string) (Role, error) {
	bu, err := d.RootBusinessUnit(ctx)
	if err != nil {
		return Role{}, err
	}
	op := fmt.Sprintf("find security role %q", name)
	template, builtIn := roleTemplates[strings.ToLower(strings.TrimSpace(name))]
	filter := "name eq " + quote(name)
	if builtIn {
		filter = "_roletemplateid_value eq " + template
	}
	var list rows[Role]
	path := query("roles", "$select", "roleid,name,_businessunitid_value,_roletemplateid_value",
		"$filter", filter+" and _businessunitid_value eq "+bu.ID)
	if err := d.get(ctx, op, path, &list); err != nil {
		return Role{}, err
	}
	for _, r := range list.Value {
		if (builtIn && strings.EqualFold(r.TemplateID, template)) || (!builtIn && strings.EqualFold(r.Name, name)) {
			return r, nil
		}
	}
	return Role{}, fmt.Errorf("%s: there is no such role in the root business unit "+
		"(a role that comes with the ALM Accelerator exists only after its solution is imported)", d.in(op))
}

// EnsureUserRole gives a user a security role, only if the user lacks it.
func (d *Dataverse) EnsureUserRole(ctx context.Context, systemUserID, roleID string) (Outcome, error) {
	return d.ensureRole(ctx, "systemusers", "systemuserroles_association", systemUserID, roleID)
}

// EnsureTeamRole gives a team a security role, only if the team lacks it.
func (d *Dataverse) EnsureTeamRole(ctx context.Context, teamID, roleID string) (Outcome, error) {
	return d.ensureRole(ctx, "teams", "teamroles_association", teamID, roleID)
}

// ensureRole reads the principal's roles and associates roleID when missing.
func (d *Dataverse) ensureRole(ctx context.Context, set, nav, principalID, roleID string) (Outcome, error) {
	op := fmt.Sprintf("assign role %s to %s(%s)", roleID, set, principalID)
	held, err := d.holdsRole(ctx, op, set, nav, principalID, roleID)
	if err != nil {
		return "", err
	}
	if held {
		return Found, nil
	}
	ref := map[string]any{"@odata.id": d.api + "roles(" + roleID + ")"}
	_, err = d.call(ctx, op, "POST", set+"("+principalID+")/"+nav+"/$ref", ref, nil, repeatable)
	if isDuplicate(err) {
		return Found, nil // assigned meanwhile by someone else
	}
	if err != nil {
		return "", err
	}
	return Created, nil
}

// HasUserRole reports whether a user holds a security role, changing nothing.
func (d *Dataverse) HasUserRole(ctx context.Context, systemUserID, roleID string) (bool, error) {
	op := fmt.Sprintf("read the roles of user %s", systemUserID)
	return d.holdsRole(ctx, op, "systemusers", "systemuserroles_association", systemUserID, roleID)
}

// HasTeamRole reports whether a team holds a security role, changing nothing.
func (d *Dataverse) HasTeamRole(ctx context.Context, teamID, roleID string) (bool, error) {
	op := fmt.Sprintf("read the roles of team %s", teamID)
	return d.holdsRole(ctx, op, "teams", "teamroles_association", teamID, roleID)
}

// holdsRole reads the principal's roles and looks for roleID.
func (d *Dataverse) holdsRole(ctx context.Context, op, set, nav, principalID, roleID string) (bool, error) {
	if err := firstErr(checkGUID("principal id", principalID), checkGUID("role id", roleID)); err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	var held rows[Role]
	if err := d.get(ctx, op, set+"("+principalID+")/"+nav+"?$select=roleid", &held); err != nil {
		return false, err
	}
	for _, r := range held.Value {
		if strings.EqualFold(r.ID, roleID) {
			return true, nil
		}
	}
	return false, nil
}

// firstErr is the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
