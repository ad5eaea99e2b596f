package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

const tenant = "contoso.onmicrosoft.com"

func start(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	s, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	sandbox.FailOnViolations(t, s)
	return s
}

// do sends a request and decodes a JSON answer (object or array) into out.
func do(t *testing.T, s *sandbox.Server, method, path, token string, body any, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.URL()+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
	}
	return resp
}

// automation is an application identity made through the entra control route.
type automation struct{ AppID, Secret, Tenant string }

func newAutomation(t *testing.T, s *sandbox.Server) automation {
	t.Helper()
	var out map[string]string
	if resp := do(t, s, "POST", "/_sandbox/entra/service-principal", "", map[string]string{"tenant": tenant, "displayName": "ci"}, &out); resp.StatusCode != 201 {
		t.Fatalf("create automation identity = %d", resp.StatusCode)
	}
	return automation{out["appId"], out["secret"], out["tenant"]}
}

// appToken signs the automation identity in for resource with client credentials.
func appToken(t *testing.T, s *sandbox.Server, a automation, resource string) map[string]any {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {a.AppID}, "client_secret": {a.Secret}, "scope": {resource + "/.default"}}
	resp, err := s.Client().Post(s.URL()+"/login/"+tenant+"/oauth2/v2.0/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != 200 {
		t.Fatalf("client credentials = %d %v", resp.StatusCode, out)
	}
	return out
}

func graphToken(t *testing.T, s *sandbox.Server) string {
	return appToken(t, s, newAutomation(t, s), "https://graph.microsoft.com")["access_token"].(string)
}

func request(t *testing.T, s *sandbox.Server, method, path, token string, body any) *http.Request {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Error(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
