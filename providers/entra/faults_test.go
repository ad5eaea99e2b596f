package entra

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

// installEntra is the Entra part of an ALM Accelerator install, step by
// step, each step rerun (as the runner reruns a failed step) while it fails
// for a transient reason.
func installEntra(t *testing.T, c *Client, me string) {
	t.Helper()
	ctx := context.Background()
	var app Application
	var sp ServicePrincipal
	var group Group
	spec := almSpec()
	spec.Owners = []string{me}
	rerun(t, "app registration", func() (err error) { app, _, err = c.EnsureApplication(ctx, spec); return err })
	rerun(t, "service principal", func() (err error) { sp, _, err = c.EnsureServicePrincipal(ctx, app.AppID, ""); return err })
	for _, access := range ALMAcceleratorResourceAccess {
		rerun(t, "consent on "+access.ResourceAppID, func() error {
			res, _, err := c.EnsureResourceServicePrincipal(ctx, access.ResourceAppID)
			if err != nil {
				return err
			}
			scopes, err := ConsentScopes(res, access)
			if err == nil {
				_, _, err = c.EnsureDelegatedConsent(ctx, sp.ID, res.ID, scopes)
			}
			return err
		})
	}
	rerun(t, "makers group", func() (err error) { group, _, err = c.EnsureGroup(ctx, makersGroup, makersDescription, ""); return err })
	rerun(t, "makers group member", func() error { _, err := c.EnsureMember(ctx, group.ID, me); return err })
}

// rerun retries a whole step after a transient failure, a bounded number of times.
func rerun(t *testing.T, step string, fn func() error) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return
		}
		if !transient(err) || attempt == 25 {
			t.Fatalf("%s (attempt %d): %v", step, attempt, err)
		}
	}
}

// transient: an error status the fault plan injects, or a dropped connection.
func transient(err error) bool {
	var ue *url.Error
	if e := apiError(err); e != nil {
		return e.Transient() || e.Status == 500
	}
	return errors.As(err, &ue)
}

// checkInstalled asserts the tenant holds exactly one of everything.
func checkInstalled(t *testing.T, f *fixture, me string) {
	t.Helper()
	apps := f.inventory("applications")
	if len(apps) != 1 || apps[0]["uniqueName"] != almName || !slices.Contains(anyStrings(apps[0]["owners"]), me) {
		t.Fatalf("applications = %v", apps)
	}
	sps := named(f.inventory("servicePrincipals"), "appId", apps[0]["appId"].(string))
	if len(sps) != 1 {
		t.Fatalf("%d service principals for the app, want 1", len(sps))
	}
	if grants := named(f.inventory("oauth2PermissionGrants"), "clientId", sps[0]["id"].(string)); len(grants) != 3 {
		t.Errorf("%d grants, want 3: %v", len(grants), grants)
	}
	groups := f.inventory("groups")
	if len(groups) != 1 || !slices.Equal(anyStrings(groups[0]["members"]), []string{me}) {
		t.Errorf("groups = %v", groups)
	}
}

func TestInstallConvergesUnderRandomFaultsAndReplicationLag(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{7, 42} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandbox.Options{Faults: "429=20%,503=10%", Seed: seed, ReplicationLag: 2 * time.Second})
			defer f.checkInjected(map[string]float64{"429": 20, "503": 10})
			var me string
			rerun(t, "me", func() error { u, err := f.c.Me(context.Background()); me = u.ID; return err })
			installEntra(t, f.c, me)
			checkInstalled(t, f, me)
			n := f.requestCount()
			installEntra(t, f.c, me)
			if w := f.writesSince(n); len(w) > 0 {
				t.Errorf("second install wrote: %v", w)
			}
			checkInstalled(t, f, me)
		})
	}
}

// checkInjected fails the test unless the sandbox injected every kind of
// fault of its plan (percent by kind) at least a quarter as often as the
// plan predicts, and at least once: with the injector off, the fault tests
// must not pass.
func (f *fixture) checkInjected(plan map[string]float64) {
	f.t.Helper()
	var reqs []sandbox.LoggedRequest
	f.control("/requests", &reqs)
	counts, served := map[string]int{}, 0
	for _, r := range reqs {
		if strings.HasPrefix(r.Path, "/_sandbox/") {
			continue
		}
		served++
		if kind, ok := strings.CutPrefix(r.Fault, "random "); ok {
			counts[kind]++
		}
	}
	for kind, pct := range plan {
		if want := max(1, int(float64(served)*pct/100/4)); counts[kind] < want {
			f.t.Errorf("the sandbox injected %d × %s in %d requests, want at least %d (%.0f%% configured)", counts[kind], kind, served, want, pct)
		}
	}
	f.t.Logf("injected faults in %d requests: %v", served, counts)
}

func TestInstallConvergesThroughQueuedFaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandboxOptions())
	me := f.me()
	for _, q := range []sandbox.QueuedFault{
		{Method: "PATCH", Path: "/graph/v1.0/applications(uniqueName='" + almName + "')", Status: 503, Count: 2},
		{Method: "POST", Path: "/graph/v1.0/servicePrincipals", Status: 503},
		{Method: "POST", Path: "/graph/v1.0/servicePrincipals", Drop: true},
		{Method: "POST", Path: "/graph/v1.0/oauth2PermissionGrants", Status: 429, Count: 2},
		{Method: "POST", Path: "/graph/v1.0/groups", Status: 503},
		{Method: "GET", Path: "/graph/v1.0/groups/*/members", Status: 429},
		{Method: "POST", Path: "/graph/v1.0/groups/*/members/$ref", Drop: true},
	} {
		if err := f.srv.QueueFault(q); err != nil {
			t.Fatal(err)
		}
	}
	installEntra(t, f.c, me)
	checkInstalled(t, f, me)
}
