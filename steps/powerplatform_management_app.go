package steps

import (
	"context"

	"almwiz/profiles"
)

// managementAppStep registers the app registration as a Power Platform
// management application in its home tenant, so the pipelines' service
// principal may call the admin API (New-PowerAppManagementApp).
type managementAppStep struct {
	ppStep
	enabled bool // identity.managementApp; false leaves the step unchanged
}

func (b *build) managementAppStep() Step {
	enabled := b.p.Identity.ManagementApp == nil || *b.p.Identity.ManagementApp
	return &managementAppStep{enabled: enabled, ppStep: ppStep{b: b, id: IDManagementApp,
		title: "Management app " + b.p.Identity.AppRegistration, service: "Power Platform · " + b.home,
		role: rolePowerPlatformAdmin, needs: []string{IDAppRegistration}, spec: map[string]any{"enabled": enabled},
		env: profiles.Environment{}}}
}

// Observe looks the registration up by application id.
func (s *managementAppStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	if !s.enabled {
		return Observation{Exists: true, Matches: true, Detail: "identity.managementApp is false: not registered"}, nil
	}
	appID, err := s.appID(env)
	if err != nil {
		return Observation{}, err
	}
	found, err := s.client().ManagementAppRegistered(ctx, appID)
	return Observation{Exists: found, Matches: found, Outputs: map[string]string{OutAppID: appID}}, err
}

// Apply registers the app.
func (s *managementAppStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	appID, err := s.appID(env)
	if err != nil {
		return Outcome{}, err
	}
	_, err = s.client().RegisterManagementApp(ctx, appID)
	return Outcome{}, err
}

// ProveOwnership proves the registration through the app it registers
// (proveAppIdentity in the home tenant).
func (s *managementAppStep) ProveOwnership(ctx context.Context, env *Env) error {
	appID := env.Output(OutAppID)
	if appID == "" {
		return nil
	}
	return proveThrough(s.id, "the management-app registration of app "+appID,
		s.b.proveAppIdentity(ctx, env, s.id, s.b.home, appID),
		"remove it with Remove-PowerAppManagementApp (Power Platform Administrator)")
}

// ProvedThrough is the service principal its proof may read.
func (s *managementAppStep) ProvedThrough() []string { return []string{IDServicePrincipal(s.b.home)} }

// Destroy removes the registration.
func (s *managementAppStep) Destroy(ctx context.Context, env *Env) error {
	appID := env.Output(OutAppID)
	if appID == "" {
		return nil
	}
	return s.client().UnregisterManagementApp(ctx, appID)
}
