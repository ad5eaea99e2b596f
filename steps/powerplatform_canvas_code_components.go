package steps

import (
	"context"

	"almwiz/profiles"
)

// canvasCodeComponentsStep turns on "Power Apps component framework for
// canvas apps" in an environment that gets the Creator Kit, whose canvas
// components need it (alm-accelerator.md: the Creator Kit prerequisites).
// It is a setting of the environment, changed only when off.
type canvasCodeComponentsStep struct{ ppStep }

func (b *build) canvasCodeComponentsStep(h profiles.Environment) Step {
	return &canvasCodeComponentsStep{b.newPPStep(h, "canvas-code-components",
		"Power Apps component framework for canvas apps", map[string]bool{"enabled": true})}
}

// Observe reads the setting.
func (s *canvasCodeComponentsStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Observation{}, err
	}
	on, err := dv.CanvasCodeComponentsEnabled(ctx)
	obs := Observation{Exists: true, Matches: on}
	if !on {
		obs.Detail = "code components are not allowed in canvas apps"
	}
	return obs, err
}

// Apply turns the setting on.
func (s *canvasCodeComponentsStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Outcome{}, err
	}
	_, err = dv.EnableCanvasCodeComponents(ctx)
	return Outcome{}, err
}

// Destroy leaves the setting on: makers' apps may use code components by now.
func (s *canvasCodeComponentsStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the setting for code components in canvas apps")
}
