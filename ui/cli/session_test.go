package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

func TestTheBuiltInSandboxNamesRequestsOutsideTheContractWhenItCloses(t *testing.T) {
	srv, err := sandbox.Start(context.Background(), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// An unknown route is passed on to the emulator (404) and recorded.
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/devops/contoso/_apis/nothing/here?api-version=7.1", nil)
	req.Header.Set("Authorization", "Bearer "+devopsToken(t, srv))
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
	}
	var stderr bytes.Buffer
	s := &session{o: &Options{Stderr: &stderr}, srv: srv}
	s.close()
	if !strings.Contains(stderr.String(), "sandbox: GET /devops/contoso/_apis/nothing/here is outside the official API description") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// devopsToken signs a sandbox automation identity in to Azure DevOps.
func devopsToken(t *testing.T, srv *sandbox.Server) string {
	t.Helper()
	post := func(path, contentType, body string, out any) {
		resp, err := srv.Client().Post(srv.URL()+path, contentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	var app map[string]string
	post("/_sandbox/entra/service-principal", "application/json", `{"tenant":"contoso.onmicrosoft.com","displayName":"ci"}`, &app)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app["appId"]}, "client_secret": {app["secret"]},
		"scope": {"499b84ac-1321-427f-aa17-267ca6975798/.default"}}
	var tok map[string]any
	post("/login/contoso.onmicrosoft.com/oauth2/v2.0/token", "application/x-www-form-urlencoded", form.Encode(), &tok)
	s, _ := tok["access_token"].(string)
	if s == "" {
		t.Fatalf("no token: %v", tok)
	}
	return s
}

// The built-in sandbox keeps its sign-in's tokens in its own data
// directory: a later sandbox on a recycled port must not find this world's
// refresh token in the user's cache (it failed TestStatusTells… with
// invalid_grant when two tests' sandboxes shared a port).
func TestSandboxTokensStayWithItsWorld(t *testing.T) {
	userCache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", userCache)
	dir := t.TempDir()
	if r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", dir, "--no-input", "--yes", "--scope", "entra"); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s", r.code, r.stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "sandbox", "token-cache", "*")); len(files) == 0 {
		t.Error("no token cache in the sandbox's data directory")
	}
	var leaked []string
	_ = filepath.WalkDir(userCache, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			leaked = append(leaked, path)
		}
		return nil
	})
	if len(leaked) > 0 {
		t.Errorf("the sandbox's tokens reached the user's cache directory: %v", leaked)
	}
}
