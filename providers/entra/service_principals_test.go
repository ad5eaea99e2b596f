package entra

import (
	"context"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestEnsureServicePrincipal(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		appID    func(f *fixture) string
		rejected bool // Entra answered NoBackingApplicationObject first
	}{
		{"waits out replication lag for an app created a moment ago", func(f *fixture) string {
			return ensureApp(f, almSpec()).AppID
		}, true},
		{"repairs an app that exists without a service principal", func(f *fixture) string {
			app := ensureApp(f, almSpec())
			f.srv.Advance(time.Minute) // replicated long ago
			return app.AppID
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandboxOptions())
			appID := tc.appID(f)
			sp, got, err := f.c.EnsureServicePrincipal(context.Background(), appID, "made by almwiz")
			if err != nil || got != Created || sp.AppID != appID || sp.ID == "" {
				t.Fatalf("EnsureServicePrincipal = %+v, %q, %v", sp, got, err)
			}
			if read, found, err := f.c.ServicePrincipalByID(context.Background(), sp.ID); err != nil || !found || read.Notes != "made by almwiz" {
				t.Errorf("ServicePrincipalByID = %+v, %t, %v; want the notes given at creation", read, found, err)
			}
			f.noWritesBy(func() Outcome {
				again, o, err := f.c.EnsureServicePrincipal(context.Background(), appID, "other notes")
				if err != nil || again.ID != sp.ID {
					t.Fatalf("second run = %+v, %v", again, err)
				}
				return o
			})
			if got := f.count("POST", "/graph/v1.0/servicePrincipals", 400); (got > 0) != tc.rejected {
				t.Errorf("%d rejected creates, want some: %v", got, tc.rejected)
			}
			if sps := named(f.inventory("servicePrincipals"), "appId", appID); len(sps) != 1 {
				t.Errorf("%d service principals for the app, want 1", len(sps))
			}
		})
	}
}

func TestEnsureServicePrincipalRetriesOnlyWhileTheAppProvablyExists(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	const unknown = "11111111-2222-4333-8444-555555555555"
	n := f.requestCount()
	_, _, err := f.c.EnsureServicePrincipal(context.Background(), unknown, "")
	if err == nil || !strings.Contains(err.Error(), "no app registration with this app id") {
		t.Fatalf("err = %v, want no app registration", err)
	}
	if w := f.writesSince(n); len(w) != 1 {
		t.Errorf("writes = %v, want the one POST (no blind retries)", w)
	}
}

func TestAFreshTenantGetsTheResourceServicePrincipalsItLacks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	ctx := context.Background()
	cases := []struct{ appID, value string }{
		{AzureDevOpsAppID, "user_impersonation"},
		{DynamicsCRMAppID, "user_impersonation"},
		{PowerAppsAdvisorAppID, "Analysis.All"},
	}
	for i, tc := range cases {
		if _, found, err := f.c.ResourceServicePrincipal(ctx, tc.appID); err != nil || found {
			t.Fatalf("%s: found %v, %v in a fresh tenant, want absent", tc.appID, found, err)
		}
		sp, o, err := f.c.EnsureResourceServicePrincipal(ctx, tc.appID)
		if err != nil || o != Created {
			t.Fatalf("%s: EnsureResourceServicePrincipal = %q, %v", tc.appID, o, err)
		}
		want := ALMAcceleratorResourceAccess[i].ResourceAccess[0].ID
		if id, ok := sp.ScopeID(tc.value); !ok || id != want {
			t.Errorf("%s: scope %s has id %q, want %s", tc.appID, tc.value, id, want)
		}
		scopes, err := ConsentScopes(sp, ALMAcceleratorResourceAccess[i])
		if err != nil || len(scopes) != 1 || scopes[0] != tc.value {
			t.Errorf("%s: ConsentScopes = %v, %v", tc.appID, scopes, err)
		}
		n := f.requestCount()
		if again, o, err := f.c.EnsureResourceServicePrincipal(ctx, tc.appID); err != nil || o != Unchanged || again.ID != sp.ID {
			t.Errorf("%s: second ensure = %q, %v", tc.appID, o, err)
		}
		if w := f.writesSince(n); len(w) != 0 {
			t.Errorf("%s: the second ensure wrote %v", tc.appID, w)
		}
	}
}

func TestAnUnknownResourceIsRefusedAsGraphDoes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	_, _, err := f.c.EnsureResourceServicePrincipal(context.Background(), "11111111-2222-4333-8444-555555555555")
	if err == nil || !strings.Contains(err.Error(), "NoBackingApplicationObject") && !strings.Contains(err.Error(), "does not reference a valid application object") {
		t.Fatalf("err = %v, want Graph's NoBackingApplicationObject", err)
	}
}

func TestALivedInTenantHasTheResourceServicePrincipals(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{World: emulator.WorldLivedIn})
	for _, access := range ALMAcceleratorResourceAccess {
		n := f.requestCount()
		if _, o, err := f.c.EnsureResourceServicePrincipal(context.Background(), access.ResourceAppID); err != nil || o != Unchanged {
			t.Errorf("%s: %q, %v, want unchanged", access.ResourceAppID, o, err)
		}
		if w := f.writesSince(n); len(w) != 0 {
			t.Errorf("%s: wrote %v", access.ResourceAppID, w)
		}
	}
}

func TestReplicationWaitIsBounded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		timeout  time.Duration
		attempts int
		want     string
	}{
		{"stops when the context ends", 300 * time.Millisecond, 100, "context deadline exceeded"},
		{"gives up after its attempts", time.Minute, 3, "gave up after 3 attempts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandbox.Options{ReplicationLag: time.Hour})
			app := ensureApp(f, almSpec())
			f.c.wait.attempts = tc.attempts
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			start := time.Now()
			_, _, err := f.c.EnsureServicePrincipal(ctx, app.AppID, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
}
