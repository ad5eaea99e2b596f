package steps

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// flowsStep turns on the ALM Accelerator's cloud flows. A flow that cannot
// start (a connection reference without a connection) is left to the admin,
// named, never retried in a loop.
type flowsStep struct{ ppStep }

func (b *build) flowsStep(h profiles.Environment) Step {
	return &flowsStep{b.newPPStep(h, "flows", "Cloud flows of the ALM Accelerator turned on",
		powerplatform.SolutionALMAccelerator, IDHostStep(h.Name, "connection-references"))}
}

// Observe lists the flows that are off.
func (s *flowsStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Observation{}, err
	}
	flows, err := dv.Flows(ctx, powerplatform.SolutionALMAccelerator)
	if err != nil {
		return Observation{}, err
	}
	var off []string
	for _, f := range flows {
		if !f.On() {
			off = append(off, f.Name)
		}
	}
	obs := Observation{Exists: true, Matches: len(off) == 0}
	if !obs.Matches {
		// The ALM Accelerator app calls these flows to list the makers'
		// solutions and start their pipelines.
		obs.Detail = "off: " + strings.Join(off, ", ") + ". The ALM Accelerator app cannot list the makers' solutions or start their pipelines"
	}
	return obs, nil
}

// Apply turns the flows on; blocked ones are left to the admin.
func (s *flowsStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Outcome{}, err
	}
	report, err := dv.EnsureFlowsOn(ctx, powerplatform.SolutionALMAccelerator)
	if err != nil {
		return Outcome{}, err
	}
	if report.Complete() {
		return Outcome{}, nil
	}
	var blocked []string
	for _, name := range slices.Sorted(maps.Keys(report.Blocked)) {
		blocked = append(blocked, fmt.Sprintf("%s (%s)", name, report.Blocked[name]))
	}
	return Manual(fmt.Sprintf("These flows of the ALM Accelerator in %s could not be turned on: %s. "+
		"Fix their connections in the maker portal (Solutions → Center of Excellence - ALM Accelerator → Cloud flows)"+ThenResume,
		s.env.Name, strings.Join(blocked, "; ")), ""), nil
}

// Destroy leaves the flows, which belong to the solution.
func (s *flowsStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the ALM Accelerator's flows")
}

// Fix, for doctor: the flows start once their connection references are bound.
func (s *flowsStep) Fix(Observation) string {
	return "almwiz apply turns them on once the connection references are bound (" + IDHostStep(s.env.Name, "connection-references") + ")"
}
