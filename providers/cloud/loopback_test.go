package cloud

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"almwiz/profiles"
)

func TestASandboxMustBeOnThisMachine(t *testing.T) {
	for _, u := range []string{
		"https://evil.example.com", "https://evil.example.com:8443/", "http://127.0.0.1:8443",
		"https://10.0.0.5:8443", "https://user:pass@127.0.0.1:8443", "https://127.0.0.1.evil.example.com",
		"https://localhost.evil.example.com", "", "::",
	} {
		_, err := Sandbox(context.Background(), u, "", &tls.Config{})
		var nl *NotLoopbackError
		if !errors.As(err, &nl) || nl.ExitCode() != 2 {
			t.Errorf("Sandbox(%q) = %v, want a NotLoopbackError", u, err)
		}
	}
	for _, u := range []string{"https://127.0.0.1:8443", "https://[::1]:8443", "https://localhost:8443", "https://127.3.4.5"} {
		if err := CheckLoopback("url", u); err != nil {
			t.Errorf("CheckLoopback(%q) = %v", u, err)
		}
	}
}

// A process on the loopback that answers /_sandbox/endpoints must not be
// able to send almwiz's tokens elsewhere.
func TestASandboxTableThatPointsOffThisMachineIsRefused(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "https://" + r.Host
		_ = json.NewEncoder(w).Encode(map[string]string{
			"login": base + "/login", "graph": "https://graph.evil.example.com", "devops": base + "/devops",
			"extensionManagement": base + "/ext", "powerPlatformAdmin": base + "/bap", "powerApps": base + "/pa",
			"dataverse": base + "/dataverse",
		})
	}))
	defer srv.Close()
	tc := srv.Client().Transport.(*http.Transport).TLSClientConfig
	_, err := Sandbox(context.Background(), srv.URL, "", tc)
	var nl *NotLoopbackError
	if !errors.As(err, &nl) || nl.URL != "https://graph.evil.example.com" {
		t.Errorf("Sandbox() = %v, want the graph endpoint refused", err)
	}
}

// The accounts endpoint gets the Azure DevOps token too: a table that sends
// it off this machine is refused like any other, and one without it (an
// older sandbox) leaves it empty.
func TestASandboxAccountsEndpointMustBeOnThisMachine(t *testing.T) {
	for _, tc := range []struct{ accounts, wantRefused string }{
		{"https://app.vssps.visualstudio.com", "https://app.vssps.visualstudio.com"},
		{"", ""},
		{"LOCAL/app-vssps", ""},
	} {
		srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			base := "https://" + r.Host
			_ = json.NewEncoder(w).Encode(map[string]string{
				"login": base + "/login", "graph": base + "/graph", "devops": base + "/devops",
				"extensionManagement": base + "/ext", "powerPlatformAdmin": base + "/bap", "powerApps": base + "/pa",
				"dataverse": base + "/dataverse", "accounts": strings.ReplaceAll(tc.accounts, "LOCAL", base),
			})
		}))
		tlsConfig := srv.Client().Transport.(*http.Transport).TLSClientConfig
		ep, err := Sandbox(context.Background(), srv.URL, "", tlsConfig)
		srv.Close()
		var nl *NotLoopbackError
		switch {
		case tc.wantRefused != "":
			if !errors.As(err, &nl) || nl.URL != tc.wantRefused {
				t.Errorf("accounts %q: Sandbox() = %v, want it refused", tc.accounts, err)
			}
		case err != nil:
			t.Errorf("accounts %q: %v", tc.accounts, err)
		case tc.accounts == "" && ep.Accounts() != "":
			t.Errorf("no accounts endpoint: Accounts() = %q", ep.Accounts())
		case tc.accounts != "" && ep.Accounts() != srv.URL+"/app-vssps":
			t.Errorf("Accounts() = %q, want %s/app-vssps", ep.Accounts(), srv.URL)
		}
	}
	if got := Public(profiles.Clouds["public"]).Accounts(); got != "https://app.vssps.visualstudio.com" {
		t.Errorf("public Accounts() = %q", got)
	}
	if got := Public(profiles.Clouds["public"]).OrganizationURL("contoso"); got != "https://dev.azure.com/contoso" {
		t.Errorf("OrganizationURL = %q", got)
	}
}
