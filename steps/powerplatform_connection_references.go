package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// connectionReferencesStep binds each connection reference of the ALM
// Accelerator's solution to a connection of its connector owned by the
// installing admin. The references are read from the imported solution, as
// releases differ in which they carry. A connection needs a person to sign
// in and consent, so a missing one is left to the admin with the
// maker-portal link that creates it; the next run binds it.
type connectionReferencesStep struct{ ppStep }

func (b *build) connectionReferencesStep(h profiles.Environment) Step {
	return &connectionReferencesStep{b.newPPStep(h, "connection-references", "Connection references of the ALM Accelerator",
		map[string]string{"solution": powerplatform.SolutionALMAccelerator}, IDHostStep(h.Name, "alm-solution"))}
}

// references reads the connection references the accelerator's solution
// contains, by logical name.
func (s *connectionReferencesStep) references(ctx context.Context, env *Env) ([]powerplatform.ConnectionReference, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return nil, err
	}
	refs, found, err := dv.SolutionConnectionReferences(ctx, powerplatform.SolutionALMAccelerator)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("the solution %s is not installed in %s", powerplatform.SolutionALMAccelerator, dv.URL())
	}
	slices.SortFunc(refs, func(a, b powerplatform.ConnectionReference) int {
		return strings.Compare(strings.ToLower(a.LogicalName), strings.ToLower(b.LogicalName))
	})
	return refs, nil
}

// Observe says which references have no connection.
func (s *connectionReferencesStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	refs, err := s.references(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	var unbound []string
	for _, r := range refs {
		if !r.Bound() {
			unbound = append(unbound, r.LogicalName)
		}
	}
	obs := Observation{Exists: true, Matches: len(unbound) == 0}
	if !obs.Matches {
		obs.Detail = "without a connection: " + strings.Join(unbound, ", ")
	}
	return obs, nil
}

// Apply binds the admin's connections; the ones the admin has not made
// yet are left to them, with links.
func (s *connectionReferencesStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	refs, err := s.references(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	envName, err := s.envName(env)
	if err != nil {
		return Outcome{}, err
	}
	admin, err := s.b.c.Signer.Account(ctx, s.b.tenantDomain(s.env.Tenant))
	if err != nil {
		return Outcome{}, err
	}
	var missing []powerplatform.ConnectionReference
	for _, r := range refs {
		bound, err := s.bind(ctx, env, envName, admin.ObjectID, r)
		if err != nil {
			return Outcome{}, err
		}
		if !bound {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return s.manual(envName, admin.UPN, admin.ObjectID, missing), nil
	}
	return Outcome{}, nil
}

// bind binds r to a connection of ownerID, if there is one.
func (s *connectionReferencesStep) bind(ctx context.Context, env *Env, envName, ownerID string, r powerplatform.ConnectionReference) (bool, error) {
	if r.Bound() {
		return true, nil
	}
	conns, err := s.client().Connections(ctx, envName, r.API())
	if err != nil {
		return false, err
	}
	conn, ok := powerplatform.OwnedBy(conns, ownerID)
	if !ok {
		return false, nil
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return false, err
	}
	_, err = dv.BindConnectionReference(ctx, r.ID, conn.Name)
	return err == nil, err
}

// manual says exactly which connections the admin must create, and where.
func (s *connectionReferencesStep) manual(envName, upn, oid string, missing []powerplatform.ConnectionReference) Outcome {
	names := make([]string, 0, len(missing))
	for _, r := range missing {
		names = append(names, connectorTitle(r.API())+" (for "+r.LogicalName+")")
	}
	who := "the installing admin"
	if upn != "" {
		who = upn
	}
	what := fmt.Sprintf("Create %d connection(s) in environment %s, signed in as %s — %s",
		len(missing), s.env.Name, who, strings.Join(names, ", ")) + ThenResume
	return Manual(what, s.client().ConnectionsPage(envName, oid, upn))
}

// Destroy leaves the bindings, which belong to the solution.
func (s *connectionReferencesStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the connection references' bindings")
}

// connectorTitles are the names the maker portal shows for the connectors
// the accelerator's connection references use.
var connectorTitles = map[string]string{
	"shared_commondataservice":        "Microsoft Dataverse (legacy)",
	"shared_commondataserviceforapps": "Microsoft Dataverse",
	"shared_powerappsforappmakers":    "Power Apps for Makers",
	"shared_webcontents":              "HTTP with Microsoft Entra ID (preauthorized)",
}

func connectorTitle(api string) string {
	if t, ok := connectorTitles[api]; ok {
		return t
	}
	return api
}

// Fix, for doctor: a person makes the connections; apply then binds them.
func (s *connectionReferencesStep) Fix(Observation) string {
	return "an admin who can sign in to the connectors creates the connections in the maker portal; then almwiz apply binds them (it shows the page)"
}
