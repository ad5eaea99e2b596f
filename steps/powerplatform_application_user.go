package steps

import (
	"context"

	"almwiz/profiles"
)

// applicationUserStep makes the app registration an application user of an
// environment's Dataverse, in the root business unit, with the profile's
// security role (System Administrator by default), associated only if
// missing: the pipelines act in the environment as this user.
type applicationUserStep struct {
	ppStep
	roleName string
}

func (b *build) applicationUserStep(e profiles.Environment) Step {
	role := b.p.Options.AppUserRole
	if role == "" {
		role = profiles.DefaultAppUserRole
	}
	s := &applicationUserStep{roleName: role,
		ppStep: b.newPPStep(e, "application-user", "Application user "+b.p.Identity.AppRegistration+" ("+role+")",
			map[string]string{"role": role}, IDAppRegistration)}
	return s
}

// Observe finds the application user and whether it holds the role.
func (s *applicationUserStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	appID, err := s.appID(env)
	if err != nil {
		return Observation{}, err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return Observation{}, err
	}
	u, found, err := dv.ApplicationUser(ctx, appID)
	if err != nil || !found {
		return Observation{Detail: "no application user for app " + appID + " in " + s.env.Name +
			": the pipelines cannot sign in to deploy to it"}, err
	}
	obs := Observation{Exists: true, Outputs: map[string]string{outSystemUserID: u.ID}}
	if u.Disabled {
		obs.Detail = "the application user is disabled"
		return obs, nil
	}
	role, err := dv.RoleByName(ctx, s.roleName)
	if err != nil {
		return obs, err
	}
	obs.Matches, err = dv.HasUserRole(ctx, u.ID, role.ID)
	if !obs.Matches {
		obs.Detail = "the application user lacks the role " + s.roleName
	}
	return obs, err
}

// Apply adds or enables the application user and gives it the role.
func (s *applicationUserStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	appID, err := s.appID(env)
	if err != nil {
		return Outcome{}, err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return Outcome{}, err
	}
	u, _, err := dv.EnsureApplicationUser(ctx, appID)
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(outSystemUserID, u.ID)
	role, err := dv.RoleByName(ctx, s.roleName)
	if err != nil {
		return Outcome{}, err
	}
	_, err = dv.EnsureUserRole(ctx, u.ID, role.ID)
	return Outcome{}, err
}

// ProveOwnership proves the application user through the app it signs in
// as (proveAppIdentity in the environment's tenant).
func (s *applicationUserStep) ProveOwnership(ctx context.Context, env *Env) error {
	appID, err := s.appID(env)
	if err != nil {
		return err
	}
	return proveThrough(s.id, "the application user "+appID+" in environment "+s.b.envURL(s.env),
		s.b.proveAppIdentity(ctx, env, s.id, s.b.tenant(s.env.Tenant), appID),
		"disable it in the Power Platform admin center (Environment → Settings → Application users)")
}

// ProvedThrough is the service principal its proof may read.
func (s *applicationUserStep) ProvedThrough() []string {
	return []string{IDServicePrincipal(s.b.tenant(s.env.Tenant))}
}

// Destroy disables the application user: Dataverse never deletes user
// records (the admin center disables them too).
func (s *applicationUserStep) Destroy(ctx context.Context, env *Env) error {
	appID, err := s.appID(env)
	if err != nil {
		return err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return err
	}
	_, err = dv.DisableApplicationUser(ctx, appID)
	return err
}
