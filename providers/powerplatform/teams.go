package powerplatform

import (
	"context"
	"fmt"
	"strings"
)

// Team types and membership types of Dataverse teams.
const (
	teamTypeEntraSecurityGroup = 2 // "AAD Security Group"
	membershipMembersAndGuests = 0
)

// Team is a Dataverse team.
type Team struct {
	ID           string `json:"teamid"`
	Name         string `json:"name"`
	TeamType     int    `json:"teamtype"`
	EntraGroupID string `json:"azureactivedirectoryobjectid"`
}

// GroupTeam finds the team of an Entra security group (members and guests).
func (d *Dataverse) GroupTeam(ctx context.Context, entraGroupID string) (Team, bool, error) {
	op := fmt.Sprintf("find the group team of %s", entraGroupID)
	if err := checkGUID("group id", entraGroupID); err != nil {
		return Team{}, false, fmt.Errorf("%s: %w", op, err)
	}
	var list rows[Team]
	path := query("teams", "$select", "teamid,name,teamtype,azureactivedirectoryobjectid",
		"$filter", fmt.Sprintf("azureactivedirectoryobjectid eq %s and membershiptype eq %d", entraGroupID, membershipMembersAndGuests))
	if err := d.get(ctx, op, path, &list); err != nil {
		return Team{}, false, err
	}
	for _, t := range list.Value {
		if strings.EqualFold(t.EntraGroupID, entraGroupID) {
			return t, true, nil
		}
	}
	return Team{}, false, nil
}

// EnsureGroupTeam makes a Dataverse group team for an Entra security group
// in the root business unit, so the group's members get the team's roles.
// An existing team for the group is kept whatever its name.
func (d *Dataverse) EnsureGroupTeam(ctx context.Context, entraGroupID, name string) (Team, Outcome, error) {
	t, found, err := d.GroupTeam(ctx, entraGroupID)
	if err != nil {
		return Team{}, "", err
	}
	if found {
		return t, Found, nil
	}
	bu, err := d.RootBusinessUnit(ctx)
	if err != nil {
		return Team{}, "", err
	}
	body := map[string]any{"name": name, "teamtype": teamTypeEntraSecurityGroup, "membershiptype": membershipMembersAndGuests,
		"azureactivedirectoryobjectid": entraGroupID, "businessunitid@odata.bind": "/businessunits(" + bu.ID + ")"}
	id, err := d.create(ctx, fmt.Sprintf("create group team %q", name), "teams", body)
	if isDuplicate(err) {
		if t, found, lookErr := d.GroupTeam(ctx, entraGroupID); lookErr == nil && found {
			return t, Found, nil
		}
	}
	if err != nil {
		return Team{}, "", err
	}
	return Team{ID: id, Name: name, TeamType: teamTypeEntraSecurityGroup, EntraGroupID: entraGroupID}, Created, nil
}
