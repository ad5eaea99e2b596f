package steps

import (
	"context"
	"fmt"

	"almwiz/providers/entra"
)

// makersDescription is the description the ALM Accelerator gives its
// makers group.
const makersDescription = "Application Lifecycle Management Accelerator for Makers"

// makersGroupStep is the security group of the makers allowed to use the
// ALM Accelerator app. Its members are left to the admins.
type makersGroupStep struct {
	entraStep
	client *entra.Client
	name   string
}

func (b *build) makersGroupStep() *makersGroupStep {
	name := b.p.Identity.MakersGroup
	return &makersGroupStep{
		entraStep: entraStep{id: IDMakersGroup, title: "Makers group " + name, role: roleEntraGroups,
			needs: []string{IDTenant(b.home)}},
		client: b.homeClient(), name: name,
	}
}

// SpecHash covers the group's name and description.
func (s *makersGroupStep) SpecHash() string {
	return HashSpec(map[string]string{"name": s.name, "description": makersDescription})
}

// Observe finds the group by display name.
func (s *makersGroupStep) Observe(ctx context.Context, _ *Env) (Observation, error) {
	g, found, err := s.client.FindGroup(ctx, s.name)
	if err != nil || !found {
		return Observation{}, err
	}
	obs := Observation{Exists: true, Matches: withoutMark(g.Description) == makersDescription,
		Outputs: map[string]string{OutGroupID: g.ID}}
	if !obs.Matches {
		obs.Detail = "setting the group's description"
	}
	return obs, nil
}

// Apply creates the security group (with a valid mail nickname), its
// description followed by CreatedMark, or sets the description of one that
// was there (never the mark).
func (s *makersGroupStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	g, outcome, err := s.client.EnsureGroup(ctx, s.name, makersDescription, CreatedMark)
	if err != nil {
		return Outcome{}, graphFailure(s.id, fmt.Sprintf("ensure security group %q", s.name), err)
	}
	env.SetOutput(OutGroupID, g.ID)
	return Outcome{Result: entraResult(outcome)}, nil
}

// ProveOwnership refuses to delete a group whose description does not
// carry CreatedMark: a group of that name that existed before the install.
func (s *makersGroupStep) ProveOwnership(ctx context.Context, env *Env) error {
	id := env.Output(OutGroupID)
	if id == "" {
		return nil
	}
	g, found, err := s.client.GroupByID(ctx, id)
	if err != nil || !found {
		return err
	}
	return proveMark(s.id, fmt.Sprintf("security group %q (%s)", g.DisplayName, g.ID), "description", g.Description,
		"delete it in the Microsoft Entra admin center (Groups)")
}

// Destroy deletes the group.
func (s *makersGroupStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutGroupID)
	if id == "" {
		return nil
	}
	return s.client.DeleteGroup(ctx, id)
}
