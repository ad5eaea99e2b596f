package auth_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

func TestServicePrincipalSignsInWithASecret(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	env := r.servicePrincipal(t)
	s := r.signer(false, env)
	if !s.IsServicePrincipal() {
		t.Fatal("AZURE_CLIENT_ID and AZURE_CLIENT_SECRET did not select the service principal")
	}
	if _, err := s.Source(tenant, auth.ResourceDevOps).Token(ctx(t)); err != nil {
		t.Fatal(err)
	}
	acct, err := s.Account(ctx(t), tenant)
	if err != nil {
		t.Fatal(err)
	}
	if !acct.IsServicePrincipal || acct.AppID != env["AZURE_CLIENT_ID"] || acct.ObjectID == "" || acct.Tenant != env["AZURE_TENANT_ID"] || acct.UPN != "" {
		t.Errorf("account = %+v", acct)
	}
	if len(r.deviceCodes()) != 0 {
		t.Error("a service principal was asked for a device code")
	}
	if files, _ := filepath.Glob(filepath.Join(r.cacheDir, "*")); len(files) != 0 {
		t.Errorf("service principal tokens were written to disk: %v", files)
	}
}

func TestAWrongSecretIsRefusedWithoutShowingIt(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	env := r.servicePrincipal(t)
	wrong := "Zq18Q~wrongwrongwrongwrongwrongwrongwron"
	env["AZURE_CLIENT_SECRET"] = wrong
	_, err := r.signer(false, env).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	var sir *auth.SignInRequiredError
	if !errors.As(err, &sir) {
		t.Fatalf("err = %v, want *SignInRequiredError", err)
	}
	msg := err.Error()
	if strings.Contains(msg, wrong) || strings.Contains(msg, "8Q~") {
		t.Errorf("the error shows the secret: %s", msg)
	}
	for _, want := range []string{"invalid_client", "AADSTS7000215", "AZURE_CLIENT_SECRET"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q: %s", want, msg)
		}
	}
	if n := r.requests(t, "POST", "/oauth2/v2.0/token"); n != 1 {
		t.Errorf("token requests = %d: a refused secret must not be retried", n)
	}
}

func TestAnUnreadableCertificateNeedsSignIn(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	bad := filepath.Join(t.TempDir(), "sp.pem")
	_ = os.WriteFile(bad, []byte("not a certificate"), 0o600)
	env := map[string]string{"AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": "11111111-1111-1111-1111-111111111111", "AZURE_CLIENT_CERTIFICATE_PATH": bad}
	_, err := r.signer(false, env).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	var sir *auth.SignInRequiredError
	if !errors.As(err, &sir) || !strings.Contains(sir.Reason, "AZURE_CLIENT_CERTIFICATE_PATH") {
		t.Errorf("err = %v", err)
	}
}

func TestTheSandboxAdminIsAGlobalAdministrator(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	s := r.signer(false, nil)
	acct, err := s.Account(ctx(t), tenant)
	if err != nil {
		t.Fatal(err)
	}
	if acct.IsServicePrincipal || acct.UPN == "" || acct.ObjectID == "" || acct.Tenant == "" || acct.Tenant == tenant {
		t.Errorf("account = %+v, want the admin's UPN, object id and tenant id", acct)
	}
	roles, err := s.Roles(ctx(t), tenant)
	if err != nil {
		t.Fatal(err)
	}
	if !roles.Has(auth.RoleGlobalAdministrator) || roles.Directory[0].DisplayName != "Global Administrator" {
		t.Errorf("roles = %+v", roles)
	}
	if !roles.CanGrantConsent() || !roles.CanRegisterApps() || !roles.CanManageGroups() || !roles.IsPowerPlatformAdmin() {
		t.Errorf("a Global Administrator cannot do everything: %+v", roles)
	}
	if len(r.deviceCodes()) != 1 {
		t.Errorf("device codes = %d, want one sign-in for account and roles", len(r.deviceCodes()))
	}
}

func TestSignInRidesOutADroppedConnectionAndThrottling(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	env := r.servicePrincipal(t)
	for _, f := range []sandbox.QueuedFault{
		{Method: "POST", Path: "/login/*/oauth2/v2.0/token", Drop: true},
		{Method: "POST", Path: "/login/*/oauth2/v2.0/token", Status: 429, RetryAfter: 1},
		{Method: "POST", Path: "/login/*/oauth2/v2.0/token", Status: 503, RetryAfter: 1},
	} {
		if err := r.srv.QueueFault(f); err != nil {
			t.Fatal(err)
		}
	}
	r.client = transport.New(transport.Options{TLS: r.srv.TLSConfig(), Sleep: func(*http.Request, time.Duration) error { return nil }})
	t.Cleanup(r.client.CloseIdleConnections)
	if _, err := r.signer(false, env).Source(tenant, auth.ResourceGraph).Token(ctx(t)); err != nil {
		t.Fatalf("a token request was not retried: %v", err)
	}
	if n := r.requests(t, "POST", "/oauth2/v2.0/token"); n != 4 {
		t.Errorf("token requests = %d, want 4 (3 faults, then success)", n)
	}
}
