package sandbox_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestStartServesHTTPSOnLoopbackUntilClosed(t *testing.T) {
	s, err := sandbox.Start(context.Background(), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Errorf("URL = %s", s.URL())
	}
	var ep sandbox.Endpoints
	if resp := do(t, s, "GET", "/_sandbox/endpoints", "", nil, &ep); resp.StatusCode != 200 {
		t.Fatalf("endpoints = %d", resp.StatusCode)
	}
	if ep != s.Endpoints() || ep.Login != s.URL()+"/login" || ep.Graph != s.URL()+"/graph" || ep.Dataverse != s.URL()+"/dataverse" {
		t.Errorf("endpoints = %+v", ep)
	}
	ca, err := os.ReadFile(s.CAFile())
	if err != nil || !bytes.Equal(ca, s.CAPEM()) {
		t.Errorf("CA file: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Client().Get(s.URL() + "/_sandbox/endpoints"); err == nil {
		t.Errorf("still serving after Close")
	}
	if _, err := os.Stat(s.CAFile()); !os.IsNotExist(err) {
		t.Errorf("temporary CA file left behind: %v", err)
	}
}

func TestNonLoopbackAddressesAreRefused(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.168.1.10:0", "example.com:443", "nonsense"} {
		t.Run(addr, func(t *testing.T) {
			if s, err := sandbox.Start(context.Background(), sandbox.Options{Addr: addr}); err == nil {
				s.Close()
				t.Fatalf("started on %s", addr)
			}
		})
	}
	s := start(t, sandbox.Options{Addr: "localhost:0"})
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Errorf("localhost bound %s", s.URL())
	}
}

func TestRestartKeepsCertificateStateAndTokens(t *testing.T) {
	dir := t.TempDir()
	first, err := sandbox.Start(context.Background(), sandbox.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a := newAutomation(t, first)
	tok := appToken(t, first, a, "https://graph.microsoft.com")["access_token"].(string)
	var grp map[string]any
	do(t, first, "POST", "/graph/v1.0/groups", tok, map[string]any{"displayName": "Makers", "mailEnabled": false, "mailNickname": "makers", "securityEnabled": true}, &grp)
	caPEM, inv := first.CAPEM(), first.Inventory(true)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := start(t, sandbox.Options{DataDir: dir})
	if !bytes.Equal(second.CAPEM(), caPEM) || second.CAFile() != filepath.Join(dir, "ca.pem") {
		t.Errorf("restarted sandbox has another CA")
	}
	if got := second.Inventory(true); jsonText(got) != jsonText(inv) {
		t.Errorf("inventory after restart:\n%s\nwant\n%s", jsonText(got), jsonText(inv))
	}
	if resp := do(t, second, "GET", "/graph/v1.0/groups/"+grp["id"].(string), tok, nil, nil); resp.StatusCode != 200 {
		t.Errorf("token from before the restart: GET group = %d", resp.StatusCode)
	}
	appToken(t, second, a, "https://graph.microsoft.com") // the secret still signs in
}

func TestSeedCreatesTenantsWithTheirIDs(t *testing.T) {
	s := start(t, sandbox.Options{})
	const id = "7f2f3a0e-3b6c-4a53-9d0b-2d7f7c1c9a10"
	seed := emulator.Seed{Tenants: []emulator.SeedTenant{{Domain: "fabrikam.onmicrosoft.com", ID: id}}}
	if resp := do(t, s, "POST", "/_sandbox/seed", "", seed, nil); resp.StatusCode != 200 {
		t.Fatalf("seed = %d", resp.StatusCode)
	}
	var disc map[string]any
	do(t, s, "GET", "/login/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration", "", nil, &disc)
	if disc["issuer"] != s.URL()+"/login/"+id+"/v2.0" {
		t.Errorf("issuer = %v, want the seeded tenant id", disc["issuer"])
	}
	if resp := do(t, s, "POST", "/_sandbox/seed", "", map[string]any{"tenants": []any{map[string]any{}}}, nil); resp.StatusCode != 400 {
		t.Errorf("seed without a domain = %d, want 400", resp.StatusCode)
	}
}

func TestResetForgetsEverything(t *testing.T) {
	s := start(t, sandbox.Options{})
	newAutomation(t, s)
	if resp := do(t, s, "POST", "/_sandbox/reset", "", nil, nil); resp.StatusCode != 204 {
		t.Fatalf("reset = %d", resp.StatusCode)
	}
	var inv map[string]any
	do(t, s, "GET", "/_sandbox/inventory", "", nil, &inv)
	if inv["applications"] != nil || inv["tenants"] != nil {
		t.Errorf("inventory after reset = %v", inv)
	}
	var log []sandbox.LoggedRequest
	do(t, s, "GET", "/_sandbox/requests", "", nil, &log)
	if len(log) != 2 || log[0].Path != "/_sandbox/reset" { // the reset itself and the inventory read
		t.Errorf("request log after reset = %v", log)
	}
}

func TestHundredsOfConcurrentRequestsSucceed(t *testing.T) {
	s := start(t, sandbox.Options{})
	tok := graphToken(t, s)
	var wg sync.WaitGroup
	errs := make(chan string, 400)
	for i := range 400 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path, method, body := "/graph/v1.0/applications", "GET", any(nil)
			if i%4 == 0 {
				method, body = "POST", map[string]any{"displayName": "app"}
			}
			resp, err := s.Client().Do(request(t, s, method, path, tok, body))
			if err != nil {
				errs <- err.Error()
				return
			}
			resp.Body.Close()
			if resp.StatusCode >= 300 {
				errs <- resp.Status
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var inv map[string][]any
	do(t, s, "GET", "/_sandbox/inventory", "", nil, &inv)
	if len(inv["applications"]) != 101 {
		t.Errorf("applications = %d, want 100 plus the automation app", len(inv["applications"]))
	}
}

func TestRequestLogKeepsNoBodies(t *testing.T) {
	s := start(t, sandbox.Options{})
	a := newAutomation(t, s)
	appToken(t, s, a, "https://graph.microsoft.com")
	var log []sandbox.LoggedRequest
	do(t, s, "GET", "/_sandbox/requests", "", nil, &log)
	if len(log) != 2 || log[1].Path != "/login/"+tenant+"/oauth2/v2.0/token" || log[1].Status != 200 {
		t.Fatalf("log = %+v", log)
	}
	if strings.Contains(jsonText(log), a.Secret) {
		t.Errorf("the request log holds a secret")
	}
}

func TestCorruptStateRefusesToStartAndIsKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := sandbox.Start(context.Background(), sandbox.Options{DataDir: dir}); err == nil {
		s.Close()
		t.Fatal("started on a corrupt state file")
	}
	if b, _ := os.ReadFile(path); string(b) != "{not json" {
		t.Errorf("the corrupt state file was overwritten: %q", b)
	}
}
