package auth_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
)

func TestDeviceCodeSignInRunsUnattendedAgainstTheSandbox(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	token, err := r.signer(false, nil).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil || token == "" {
		t.Fatalf("token %q, err %v", token, err)
	}
	codes := r.deviceCodes()
	if len(codes) != 1 || codes[0].UserCode == "" || codes[0].VerificationURL != r.srv.Endpoints().DeviceLogin || codes[0].Tenant != tenant {
		t.Fatalf("device codes shown = %+v", codes)
	}
	if !codes[0].ExpiresAt.After(time.Now()) || codes[0].Message == "" {
		t.Errorf("device code lacks its expiry or message: %+v", codes[0])
	}
	files, _ := filepath.Glob(filepath.Join(r.cacheDir, "msal-sandbox-*"))
	if len(files) != 1 {
		t.Fatalf("cache files = %v", files)
	}
	if info, err := os.Stat(files[0]); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

func TestASecondSignerIsServedFromTheCacheWithoutSigningIn(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	first, err := r.signer(false, nil).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	tokensBefore := r.requests(t, "POST", "/oauth2/v2.0/token")
	second, err := r.signer(false, nil).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.requests(t, "POST", "/oauth2/v2.0/token") - tokensBefore; got != 0 || second != first {
		t.Errorf("second signer made %d token requests (same token: %v), want 0 and the cached token", got, second == first)
	}
	if len(r.deviceCodes()) != 1 {
		t.Errorf("device codes = %d, want 1", len(r.deviceCodes()))
	}
}

func TestAnExpiringTokenIsRefreshedSilently(t *testing.T) {
	r := newRig(t, sandbox.Options{Faults: "expire=1m"})
	s := r.signer(false, nil)
	var c clock
	auth.SetClock(s, c.now)
	src := s.Source(tenant, auth.ResourceDevOps)
	first, err := src.Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := src.Token(ctx(t)); again != first {
		t.Error("a token with time left was not reused")
	}
	c.advance(2 * time.Minute)
	r.srv.Advance(2 * time.Minute)
	second, err := src.Token(ctx(t))
	if err != nil {
		t.Fatalf("silent refresh: %v", err)
	}
	if second == first || len(r.deviceCodes()) != 1 || r.requests(t, "POST", "/oauth2/v2.0/devicecode") != 1 {
		t.Errorf("refresh gave a new token: %v; device codes = %d, want 1", second != first, len(r.deviceCodes()))
	}
}

func TestAFailedRefreshWithNobodyToAskNeedsSignIn(t *testing.T) {
	r := newRig(t, sandbox.Options{Faults: "expire=1m"})
	s := r.signer(false, nil)
	var c clock
	auth.SetClock(s, c.now)
	src := s.Source(tenant, auth.ResourceGraph)
	if _, err := src.Token(ctx(t)); err != nil {
		t.Fatal(err)
	}
	r.srv.Advance(91 * 24 * time.Hour) // past the refresh token's 90 days
	c.advance(2 * time.Minute)
	start := time.Now()
	_, err := src.Token(ctx(t))
	var sir *auth.SignInRequiredError
	if !errors.As(err, &sir) {
		t.Fatalf("err = %v, want *SignInRequiredError", err)
	}
	if sir.ExitCode() != 4 || sir.Tenant != tenant || !strings.Contains(sir.How, "run almwiz in a terminal") || !strings.Contains(sir.How, "AZURE_CLIENT_SECRET") {
		t.Errorf("error = %+v", sir)
	}
	if !strings.Contains(sir.Reason, "invalid_grant") || len(r.deviceCodes()) != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("reason %q, device codes %d, took %v", sir.Reason, len(r.deviceCodes()), time.Since(start))
	}
}

func TestAFailedRefreshAsksThePersonAgainWhenInteractive(t *testing.T) {
	r := newRig(t, sandbox.Options{Faults: "expire=1m"})
	s := r.signer(true, nil)
	var c clock
	auth.SetClock(s, c.now)
	src := s.Source(tenant, auth.ResourceGraph)
	if _, err := src.Token(ctx(t)); err != nil {
		t.Fatal(err)
	}
	r.srv.Advance(91 * 24 * time.Hour)
	c.advance(2 * time.Minute)
	if _, err := src.Token(ctx(t)); err != nil {
		t.Fatalf("second sign-in: %v", err)
	}
	if n := len(r.deviceCodes()); n != 2 {
		t.Errorf("device codes shown = %d, want 2", n)
	}
}

func TestConcurrentCallersShareOneSignIn(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	s := r.signer(false, nil)
	var wg sync.WaitGroup
	tokens := make([]string, 50)
	errs := make([]error, 50)
	for i := range 50 {
		wg.Go(func() { tokens[i], errs[i] = s.Source(tenant, auth.ResourceGraph).Token(ctx(t)) })
	}
	wg.Wait()
	for i := range 50 {
		if errs[i] != nil || tokens[i] != tokens[0] {
			t.Fatalf("caller %d: %v (same token: %v)", i, errs[i], tokens[i] == tokens[0])
		}
	}
	if n := r.requests(t, "POST", "/oauth2/v2.0/devicecode"); n != 1 {
		t.Errorf("device-code requests = %d, want 1", n)
	}
	before := r.requests(t, "POST", "/oauth2/v2.0/token")
	for range 50 {
		wg.Go(func() {
			if _, err := s.Source(tenant, auth.ResourceDevOps).Token(ctx(t)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := r.requests(t, "POST", "/oauth2/v2.0/token") - before; n != 1 {
		t.Errorf("50 callers of a second resource made %d token requests, want 1", n)
	}
}

func TestConcurrentServicePrincipalCallersMakeOneTokenRequest(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	s := r.signer(false, r.servicePrincipal(t))
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			if _, err := s.Source(tenant, auth.ResourcePowerPlatform).Token(ctx(t)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := r.requests(t, "POST", "/oauth2/v2.0/token"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestARealCloudWithNobodyToAskFailsAtOnceWithoutTheNetwork(t *testing.T) {
	noNetwork := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", req.Method, req.URL)
		return nil, errors.New("no network in this test")
	})}
	s := auth.New(auth.Options{Endpoints: cloud.Public(profiles.Clouds["public"]), HTTPClient: noNetwork,
		CacheDir: t.TempDir(), Getenv: func(string) string { return "" }})
	start := time.Now()
	_, err := s.Source(tenant, auth.ResourceDevOps).Token(ctx(t))
	var sir *auth.SignInRequiredError
	if !errors.As(err, &sir) || sir.ExitCode() != 4 || sir.How == "" {
		t.Fatalf("err = %v, want *SignInRequiredError with how to sign in", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want at once", d)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
