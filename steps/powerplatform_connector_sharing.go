package steps

import (
	"context"
	"fmt"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// connectorSharingStep shares the accelerator's custom Azure DevOps
// connector with the makers group (CanView), as the accelerator's docs ask
// (alm-docs.md: "share the CustomAzureDevOps connector (Can view) with
// makers", coe-starter-kit issue #5548): without it makers cannot sign in
// to the connector the app uses. A stronger role the group holds is kept.
type connectorSharingStep struct{ ppStep }

func (b *build) connectorSharingStep(h profiles.Environment) Step {
	return &connectorSharingStep{b.newPPStep(h, "connector-sharing", "Share the custom Azure DevOps connector with "+b.p.Identity.MakersGroup,
		map[string]string{"connector": powerplatform.CustomConnectorName, "role": string(powerplatform.CanView)},
		IDHostStep(h.Name, "custom-connector"), IDMakersGroup)}
}

// target is the environment, the connector and the group.
func (s *connectorSharingStep) target(ctx context.Context, env *Env) (envName, connector, groupID string, err error) {
	if envName, err = s.envName(env); err != nil {
		return
	}
	if groupID, err = s.groupID(env); err != nil {
		return
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return
	}
	cc, found, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err == nil && !found {
		err = fmt.Errorf("custom connector %s is not in environment %s; the ALM Accelerator solution looks incomplete",
			powerplatform.CustomConnectorName, s.env.Name)
	}
	return envName, cc.InternalID, groupID, err
}

// Observe reads the group's role on the connector.
func (s *connectorSharingStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	envName, connector, groupID, err := s.target(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	role, err := s.client().ConnectorRoleOf(ctx, envName, connector, groupID)
	obs := Observation{Exists: role != "", Matches: role.Covers(powerplatform.CanView)}
	if !obs.Matches {
		obs.Detail = "the custom connector is not shared with the makers group"
	}
	return obs, err
}

// Apply shares the connector with the group.
func (s *connectorSharingStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	envName, connector, groupID, err := s.target(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	_, err = s.client().ShareConnectorWithGroup(ctx, envName, connector, groupID, powerplatform.CanView)
	return Outcome{}, err
}

// Destroy leaves the share, which goes with the connector.
func (s *connectorSharingStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the share of the custom connector")
}
