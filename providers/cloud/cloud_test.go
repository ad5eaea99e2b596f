package cloud

import (
	"context"
	"testing"

	"almwiz/profiles"
	"almwiz/providers/sandbox"
)

func TestSandboxEndpointsMapRealNamesOntoTheSandbox(t *testing.T) {
	srv, err := sandbox.Start(context.Background(), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sandbox.FailOnViolations(t, srv)
	e, err := Sandbox(context.Background(), srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	base, aud, err := e.Dataverse("https://contoso-test.crm.dynamics.com/")
	if err != nil {
		t.Fatal(err)
	}
	if base != srv.URL()+"/dataverse/contoso-test.crm.dynamics.com/" || aud != "https://contoso-test.crm.dynamics.com" {
		t.Errorf("dataverse = %s (audience %s)", base, aud)
	}
	if e.Organization("contoso") != srv.URL()+"/devops/contoso" || e.LoginHost() != "login.microsoftonline.com" {
		t.Errorf("organization %s, login host %s", e.Organization("contoso"), e.LoginHost())
	}
}

func TestPublicEndpointsUseTheCloudTable(t *testing.T) {
	e := Public(profiles.Clouds["usgov-high"])
	if e.Authority("contoso.onmicrosoft.us") != "https://login.microsoftonline.us/contoso.onmicrosoft.us" {
		t.Error(e.Authority("contoso.onmicrosoft.us"))
	}
	base, _, _ := e.Dataverse("https://contoso.crm.microsoftdynamics.us/")
	if base != "https://contoso.crm.microsoftdynamics.us/" || e.PowerPlatformAdmin() != "https://high.api.bap.microsoft.us" {
		t.Errorf("base %s admin %s", base, e.PowerPlatformAdmin())
	}
}
