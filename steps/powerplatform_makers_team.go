package steps

import (
	"context"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// makersTeamRoles are the roles the makers' group team holds in a host.
var makersTeamRoles = []string{powerplatform.RoleALMPowerAppAccess, powerplatform.RoleBasicUser}

// makersTeamStep makes a Dataverse group team for the makers' Entra group
// in a host environment, with the roles the accelerator's app needs, so
// that every member of the group can use it.
type makersTeamStep struct{ ppStep }

func (b *build) makersTeamStep(h profiles.Environment) Step {
	return &makersTeamStep{b.newPPStep(h, "makers-team", "Group team "+b.p.Identity.MakersGroup+" (ALM Power App Access, Basic User)",
		map[string]any{"name": b.p.Identity.MakersGroup, "roles": makersTeamRoles},
		IDHostStep(h.Name, "alm-solution"), IDMakersGroup)}
}

// Observe finds the group's team and the roles it lacks.
func (s *makersTeamStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	groupID, err := s.groupID(env)
	if err != nil {
		return Observation{}, err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return Observation{}, err
	}
	team, found, err := dv.GroupTeam(ctx, groupID)
	if err != nil || !found {
		return Observation{Detail: "no group team for the makers group"}, err
	}
	obs := Observation{Exists: true, Matches: true}
	for _, name := range makersTeamRoles {
		role, err := dv.RoleByName(ctx, name)
		if err != nil {
			return obs, err
		}
		held, err := dv.HasTeamRole(ctx, team.ID, role.ID)
		if err != nil {
			return obs, err
		}
		if !held {
			obs.Matches, obs.Detail = false, "the team lacks the role "+name
		}
	}
	return obs, nil
}

// Apply makes the team if missing and gives it the roles it lacks.
func (s *makersTeamStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	groupID, err := s.groupID(env)
	if err != nil {
		return Outcome{}, err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return Outcome{}, err
	}
	team, _, err := dv.EnsureGroupTeam(ctx, groupID, s.b.p.Identity.MakersGroup)
	if err != nil {
		return Outcome{}, err
	}
	for _, name := range makersTeamRoles {
		role, err := dv.RoleByName(ctx, name)
		if err != nil {
			return Outcome{}, err
		}
		if _, err := dv.EnsureTeamRole(ctx, team.ID, role.ID); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{}, nil
}

// Destroy leaves the team: members may own records through it.
func (s *makersTeamStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the makers' group team")
}
