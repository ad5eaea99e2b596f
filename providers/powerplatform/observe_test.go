package powerplatform_test

import (
	"context"
	"testing"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

// The reads a step observes with must change nothing and agree with what
// the ensures do.
func TestObservingReadsChangeNothingAndAgreeWithTheEnsures(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx := context.Background()
	c := w.client()
	env, _, err := c.FindEnvironment(ctx, hostURL)
	if err != nil {
		t.Fatal(err)
	}
	dv := w.dataverse(c, env.URL)
	withALM(t, w, c, dv)
	app, _, err := c.FindApp(ctx, env.Name, almAppName)
	if err != nil {
		t.Fatal(err)
	}
	cc, _, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err != nil {
		t.Fatal(err)
	}
	oauth := powerplatform.ConnectorOAuth{Environment: env.Name, Connector: cc.InternalID, ClientID: appID, UniqueRedirect: true}

	mark := w.requestCount()
	before := observed(t, c, dv, env.Name, app.Name, oauth)
	if w := w.writesSince(mark); len(w) != 0 {
		t.Fatalf("observing wrote: %v", w)
	}
	if before != (observation{}) {
		t.Fatalf("before the ensures: %+v, want nothing in place", before)
	}
	for _, ensure := range []func(context.Context) (powerplatform.Outcome, error){
		func(ctx context.Context) (powerplatform.Outcome, error) { return c.RegisterManagementApp(ctx, appID) },
		func(ctx context.Context) (powerplatform.Outcome, error) { return ensureAppUser(ctx, dv) },
		func(ctx context.Context) (powerplatform.Outcome, error) { return ensureMakersTeam(ctx, dv) },
		func(ctx context.Context) (powerplatform.Outcome, error) { return shareApp(ctx, c, env.Name) },
		func(ctx context.Context) (powerplatform.Outcome, error) {
			return configureConnector(ctx, c, dv, env.Name)
		},
		func(ctx context.Context) (powerplatform.Outcome, error) {
			return bindReferences(ctx, w, c, dv, env.Name)
		},
		func(ctx context.Context) (powerplatform.Outcome, error) { return flowsOn(ctx, dv) },
	} {
		if _, err := ensure(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := observation{managementApp: true, userRole: true, teamRoles: true, shared: true, connector: true, flowsOn: true}
	if after := observed(t, c, dv, env.Name, app.Name, oauth); after != want {
		t.Errorf("after the ensures: %+v, want %+v", after, want)
	}
}

// observation is what the observing reads say.
type observation struct {
	managementApp, userRole, teamRoles, shared, connector, flowsOn bool
}

func observed(t *testing.T, c *powerplatform.Client, dv *powerplatform.Dataverse, envName, appName string, oauth powerplatform.ConnectorOAuth) observation {
	t.Helper()
	ctx := context.Background()
	var o observation
	var err error
	o.managementApp = must[bool](t)(c.ManagementAppRegistered(ctx, appID))
	if u, found, _ := dv.ApplicationUser(ctx, appID); found {
		role := must[powerplatform.Role](t)(dv.RoleByName(ctx, powerplatform.RoleSystemAdministrator))
		o.userRole = must[bool](t)(dv.HasUserRole(ctx, u.ID, role.ID))
	}
	if team, found, _ := dv.GroupTeam(ctx, makersGroup); found {
		o.teamRoles = true
		for _, name := range []string{powerplatform.RoleALMPowerAppAccess, powerplatform.RoleBasicUser} {
			role := must[powerplatform.Role](t)(dv.RoleByName(ctx, name))
			o.teamRoles = o.teamRoles && must[bool](t)(dv.HasTeamRole(ctx, team.ID, role.ID))
		}
	}
	o.shared = must[powerplatform.AppRole](t)(c.AppRoleOf(ctx, envName, appName, makersGroup)).Covers(powerplatform.CanView)
	if _, o.connector, err = c.CustomConnectorConfigured(ctx, oauth); err != nil {
		t.Fatal(err)
	}
	flows := must[[]powerplatform.Flow](t)(dv.Flows(ctx, powerplatform.SolutionALMAccelerator))
	o.flowsOn = len(flows) > 0
	for _, f := range flows {
		o.flowsOn = o.flowsOn && f.On()
	}
	return o
}

func TestUndoingTheInstallIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx := context.Background()
	c := w.client()
	env, _, err := c.FindEnvironment(ctx, hostURL)
	if err != nil {
		t.Fatal(err)
	}
	dv := w.dataverse(c, env.URL)
	if _, err := c.RegisterManagementApp(ctx, appID); err != nil {
		t.Fatal(err)
	}
	if _, err := ensureAppUser(ctx, dv); err != nil {
		t.Fatal(err)
	}
	for i, want := range []powerplatform.Outcome{powerplatform.Updated, powerplatform.Found} {
		if err := c.UnregisterManagementApp(ctx, appID); err != nil {
			t.Fatalf("unregister #%d: %v", i+1, err)
		}
		if got := must[powerplatform.Outcome](t)(dv.DisableApplicationUser(ctx, appID)); got != want {
			t.Errorf("disable #%d: %s, want %s", i+1, got, want)
		}
	}
	if must[bool](t)(c.ManagementAppRegistered(ctx, appID)) {
		t.Errorf("the management app is still registered")
	}
	if u, found, _ := dv.ApplicationUser(ctx, appID); !found || !u.Disabled {
		t.Errorf("application user: found %v, disabled %v; want kept and disabled", found, u.Disabled)
	}
}
