package cli

import (
	"context"
	"strings"
	"testing"

	"almwiz/profiles"
)

func TestASandboxURLOffThisMachineIsRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{"ALMWIZ_SANDBOX_URL": "https://evil.example.com", "ALMWIZ_SANDBOX_CA": "ca.pem"},
		{"ALMWIZ_SANDBOX_URL": "https://192.0.2.10:8443", "ALMWIZ_SANDBOX_CA": "ca.pem"},
	} {
		r := run(t, env, "apply", "--preset", "demo", "--yes", "--state-dir", t.TempDir())
		if r.code != 2 || !strings.Contains(r.stderr+r.err.Error(), "ALMWIZ_SANDBOX_URL") {
			t.Errorf("%v: exit %d (%v), want 2 naming ALMWIZ_SANDBOX_URL", env, r.code, r.err)
		}
	}
	r := run(t, nil, "plan", "--preset", "demo", "--sandbox-url", "https://evil.example.com", "--sandbox-ca", "ca.pem")
	if r.code != 2 || !strings.Contains(r.err.Error(), "--sandbox-url") {
		t.Errorf("plan: exit %d (%v), want 2 naming --sandbox-url", r.code, r.err)
	}
}

func TestARealServicePrincipalIsNeverUsedOnASandbox(t *testing.T) {
	env := map[string]string{
		"AZURE_TENANT_ID":     "contoso.onmicrosoft.com",
		"AZURE_CLIENT_ID":     "11111111-2222-3333-4444-555555555555",
		"AZURE_CLIENT_SECRET": "real-secret-8Q~abcdefghijklmnopqrstuvwxyz0123",
	}
	o := &Options{Sandbox: true, StateDir: t.TempDir(), Getenv: func(k string) string { return env[k] }, IsTTY: func() bool { return false }}
	p, err := profiles.Preset("demo")
	if err != nil {
		t.Fatal(err)
	}
	s, err := newSession(context.Background(), o, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if s.clients.Signer.IsServicePrincipal() {
		t.Error("the sandbox run signs in with the real AZURE_CLIENT_SECRET")
	}
}
