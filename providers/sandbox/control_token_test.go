package sandbox

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Any local user can reach a loopback port; only the holder of the control
// token (a 0600 file beside ca.pem) may read the issued secrets or change
// the sandbox.
func TestControlEndpointsNeedTheControlToken(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(context.Background(), Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	anyone := &http.Client{Transport: &http.Transport{TLSClientConfig: s.TLSConfig()}}
	for _, c := range []struct{ method, path, token string }{
		{"GET", "/_sandbox/inventory?secrets=true", ""},
		{"GET", "/_sandbox/requests", ""},
		{"POST", "/_sandbox/reset", ""},
		{"POST", "/_sandbox/seed", ""},
		{"POST", "/_sandbox/faults", ""},
		{"POST", "/_sandbox/clock", ""},
		{"POST", "/_sandbox/entra/service-principal", ""},
		{"POST", "/_sandbox/entra/break", ""},
		{"POST", "/_sandbox/powerplatform/break", ""},
		{"POST", "/_sandbox/devops/break", ""},
		{"GET", "/_sandbox/inventory?secrets=true", "not-the-token"},
		{"GET", "/_sandbox/inventory?secrets=true", strings.ToUpper(s.ControlToken())},
	} {
		req, _ := http.NewRequest(c.method, s.URL()+c.path, strings.NewReader("{}"))
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := anyone.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s with token %q: %d, want 401", c.method, c.path, c.token, resp.StatusCode)
		}
	}
	if resp, err := anyone.Get(s.URL() + "/_sandbox/endpoints"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET /_sandbox/endpoints without a token: %v %v, want 200 (almwiz reads it first)", resp, err)
	}
	if resp, err := s.Client().Get(s.URL() + "/_sandbox/inventory?secrets=true"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET /_sandbox/inventory with the token: %v %v, want 200", resp, err)
	}
	fi, err := os.Stat(filepath.Join(dir, ControlTokenName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("control-token: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	token := s.ControlToken()
	_ = s.Close()
	again, err := Start(context.Background(), Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.ControlToken() != token {
		t.Error("a restarted sandbox has a new control token; clients holding the old one are locked out")
	}
}
