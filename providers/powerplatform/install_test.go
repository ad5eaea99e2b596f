package powerplatform_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/transport"
)

// What the scenario installs: the app registration and the makers group.
const (
	appID        = "3b0c7d6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"
	makersGroup  = "7e6d5c4b-3a29-4817-9f6e-5d4c3b2a1908"
	clientSecret = "s3cr3t~ALMAccelerator.value-never-logged"
	almVersion   = "1.0.20240305.1"
	almAppName   = "ALM Accelerator for Power Platform"
)

// install is the Power Platform part of an ALM Accelerator installation, as
// the steps will drive it: every ensure in order, each step retried whole
// (as the runner does) while it fails transiently. It returns each step's
// outcome.
func install(t *testing.T, w *world) map[string]powerplatform.Outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, out := w.client(), map[string]powerplatform.Outcome{}
	step := func(name string, fn func() (powerplatform.Outcome, error)) {
		t.Helper()
		o, err := retried(ctx, fn)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = o
	}
	step("management app", func() (powerplatform.Outcome, error) { return c.RegisterManagementApp(ctx, appID) })
	env, found, err := c.FindEnvironment(ctx, hostURL)
	if err != nil || !found {
		t.Fatalf("find the host environment: %v, found %v", err, found)
	}
	dv := w.dataverse(c, env.URL)
	step("application user", func() (powerplatform.Outcome, error) { return ensureAppUser(ctx, dv) })
	step("creator kit", func() (powerplatform.Outcome, error) {
		return importRelease(ctx, c, dv, powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, "")
	})
	step("alm accelerator", func() (powerplatform.Outcome, error) {
		return importRelease(ctx, c, dv, powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, almVersion)
	})
	step("makers team", func() (powerplatform.Outcome, error) { return ensureMakersTeam(ctx, dv) })
	step("connection references", func() (powerplatform.Outcome, error) { return bindReferences(ctx, w, c, dv, env.Name) })
	step("flows", func() (powerplatform.Outcome, error) { return flowsOn(ctx, dv) })
	step("share app", func() (powerplatform.Outcome, error) { return shareApp(ctx, c, env.Name) })
	step("custom connector", func() (powerplatform.Outcome, error) { return configureConnector(ctx, c, dv, env.Name) })
	return out
}

// retried runs fn again while it fails transiently, like the runner's step retries.
func retried(ctx context.Context, fn func() (powerplatform.Outcome, error)) (powerplatform.Outcome, error) {
	for attempt := 1; ; attempt++ {
		o, err := fn()
		var api *transport.APIError
		if err == nil || attempt == 20 || !errors.As(err, &api) || !api.Transient() {
			return o, err
		}
		select {
		case <-ctx.Done():
			return o, err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// combine is the strongest outcome of several ensures: created beats
// updated beats found.
func combine(outcomes ...powerplatform.Outcome) powerplatform.Outcome {
	switch {
	case slices.Contains(outcomes, powerplatform.Created):
		return powerplatform.Created
	case slices.Contains(outcomes, powerplatform.Updated):
		return powerplatform.Updated
	}
	return powerplatform.Found
}

func ensureAppUser(ctx context.Context, dv *powerplatform.Dataverse) (powerplatform.Outcome, error) {
	u, o1, err := dv.EnsureApplicationUser(ctx, appID)
	if err != nil {
		return "", err
	}
	role, err := dv.RoleByName(ctx, powerplatform.RoleSystemAdministrator)
	if err != nil {
		return "", err
	}
	o2, err := dv.EnsureUserRole(ctx, u.ID, role.ID)
	return combine(o1, o2), err
}

// importRelease downloads a solution from its GitHub release and imports it.
func importRelease(ctx context.Context, c *powerplatform.Client, dv *powerplatform.Dataverse, repo, solution, version string) (powerplatform.Outcome, error) {
	rel, err := c.ReleaseWithVersion(ctx, repo, solution, version)
	if err != nil {
		return "", err
	}
	zip, err := c.Download(ctx, rel.Asset.URL)
	if err != nil {
		return "", err
	}
	imp, err := dv.ImportSolution(ctx, zip, nil)
	if err != nil || imp.Skipped {
		return powerplatform.Found, err
	}
	_, err = dv.WaitAsyncOperation(ctx, imp.AsyncOperationID, nil)
	return powerplatform.Created, err
}

func ensureMakersTeam(ctx context.Context, dv *powerplatform.Dataverse) (powerplatform.Outcome, error) {
	team, o, err := dv.EnsureGroupTeam(ctx, makersGroup, "ALM Accelerator for Makers")
	if err != nil {
		return "", err
	}
	outcomes := []powerplatform.Outcome{o}
	for _, name := range []string{powerplatform.RoleALMPowerAppAccess, powerplatform.RoleBasicUser} {
		role, err := dv.RoleByName(ctx, name)
		if err != nil {
			return "", err
		}
		o, err := dv.EnsureTeamRole(ctx, team.ID, role.ID)
		if err != nil {
			return "", err
		}
		outcomes = append(outcomes, o)
	}
	return combine(outcomes...), nil
}

// bindReferences binds every cat_ reference to the admin's connection; a
// missing connection is made through the sandbox, standing in for the admin
// following ConnectionLink.
func bindReferences(ctx context.Context, w *world, c *powerplatform.Client, dv *powerplatform.Dataverse, envName string) (powerplatform.Outcome, error) {
	refs, err := dv.ConnectionReferences(ctx, "cat_")
	if err != nil {
		return "", err
	}
	var outcomes []powerplatform.Outcome
	for _, ref := range refs {
		conns, err := c.Connections(ctx, envName, ref.API())
		if err != nil {
			return "", err
		}
		conn, ok := powerplatform.OwnedBy(conns, w.tokens.objectID())
		if !ok {
			conn.Name = w.createConnection(envName, ref.API())
		}
		o, err := dv.BindConnectionReference(ctx, ref.ID, conn.Name)
		if err != nil {
			return "", err
		}
		outcomes = append(outcomes, o)
	}
	return combine(outcomes...), nil
}

func flowsOn(ctx context.Context, dv *powerplatform.Dataverse) (powerplatform.Outcome, error) {
	r, err := dv.EnsureFlowsOn(ctx, powerplatform.SolutionALMAccelerator)
	switch {
	case err != nil:
		return "", err
	case !r.Complete():
		return "", fmt.Errorf("flows blocked: %v", r.Blocked)
	case len(r.TurnedOn) > 0:
		return powerplatform.Updated, nil
	}
	return powerplatform.Found, nil
}

func shareApp(ctx context.Context, c *powerplatform.Client, envName string) (powerplatform.Outcome, error) {
	app, found, err := c.FindApp(ctx, envName, almAppName)
	if err != nil || !found {
		return "", fmt.Errorf("find the canvas app: %v (found %v)", err, found)
	}
	return c.ShareAppWithGroup(ctx, envName, app.Name, makersGroup, powerplatform.CanView)
}

func configureConnector(ctx context.Context, c *powerplatform.Client, dv *powerplatform.Dataverse, envName string) (powerplatform.Outcome, error) {
	cc, found, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err != nil || !found {
		return "", fmt.Errorf("find the custom connector: %v (found %v)", err, found)
	}
	redirect, o, err := c.ConfigureCustomConnector(ctx, powerplatform.ConnectorOAuth{Environment: envName, Connector: cc.InternalID,
		ClientID: appID, ClientSecret: clientSecret, UniqueRedirect: true})
	if err == nil && !strings.HasPrefix(redirect, powerplatform.GlobalRedirectURL+"/") {
		err = fmt.Errorf("redirect URL %q is not the connector's own", redirect)
	}
	return o, err
}
