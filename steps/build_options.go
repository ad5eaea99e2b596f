package steps

import "almwiz/profiles"

// BuildOptions are what a command asks of the plan beyond the profile.
type BuildOptions struct {
	// RotateSecret makes the client secret step add a new secret even when
	// the current one is valid; every consumer receives it and the cleanup
	// step removes the old one (almwiz rotate-secret).
	RotateSecret bool
}

// BuildWith is Build with options.
func BuildWith(p *profiles.Profile, c *Clients, o BuildOptions) (*Plan, error) {
	plan, err := Build(p, c)
	if err != nil {
		return nil, err
	}
	o.applyTo(plan)
	return plan, nil
}

// applyTo sets the options on the plan's steps.
func (o BuildOptions) applyTo(plan *Plan) {
	for _, s := range plan.Steps {
		if cs, ok := s.(*clientSecretStep); ok {
			cs.Rotate = o.RotateSecret
		}
	}
}
