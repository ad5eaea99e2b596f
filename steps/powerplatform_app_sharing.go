package steps

import (
	"context"
	"fmt"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// almAppName is the display name of the ALM Accelerator's canvas app.
const almAppName = "ALM Accelerator for Power Platform"

// appSharingStep shares the ALM Accelerator canvas app with the makers
// group, as CanView (a stronger role the group holds is kept).
type appSharingStep struct{ ppStep }

func (b *build) appSharingStep(h profiles.Environment) Step {
	return &appSharingStep{b.newPPStep(h, "app-sharing", "Share "+almAppName+" with "+b.p.Identity.MakersGroup,
		map[string]string{"app": almAppName, "role": string(powerplatform.CanView)},
		IDHostStep(h.Name, "alm-solution"), IDMakersGroup)}
}

// target is the environment, the app and the group to share it with.
func (s *appSharingStep) target(ctx context.Context, env *Env) (envName string, app powerplatform.App, groupID string, err error) {
	if envName, err = s.envName(env); err != nil {
		return
	}
	if groupID, err = s.groupID(env); err != nil {
		return
	}
	app, found, err := s.client().FindApp(ctx, envName, almAppName)
	if err == nil && !found {
		err = fmt.Errorf("canvas app %q is not in environment %s; the ALM Accelerator solution looks incomplete", almAppName, s.env.Name)
	}
	return envName, app, groupID, err
}

// Observe reads the group's role on the app.
func (s *appSharingStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	envName, app, groupID, err := s.target(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	role, err := s.client().AppRoleOf(ctx, envName, app.Name, groupID)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: role != "", Matches: role.Covers(powerplatform.CanView)}
	if !obs.Matches {
		obs.Detail = "not shared with the makers group"
	}
	return obs, nil
}

// Apply shares the app with the group.
func (s *appSharingStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	envName, app, groupID, err := s.target(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	_, err = s.client().ShareAppWithGroup(ctx, envName, app.Name, groupID, powerplatform.CanView)
	return Outcome{}, err
}

// Destroy leaves the share, which goes with the app.
func (s *appSharingStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the share of "+almAppName)
}
