package devops_test

import (
	"testing"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

func TestTokensFromTheAuthPackageReachAzureDevOps(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	ctx := testContext(t)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	check(t, "endpoints", err)
	signer := auth.New(auth.Options{Endpoints: ep, HTTPClient: srv.Client(), CacheDir: t.TempDir(), Interactive: true,
		OnDeviceCode: func(auth.DeviceCode) {}, Getenv: func(string) string { return "" }})
	c, err := devops.New(ctx, ep.Organization("contoso"), ep.ExtensionManagement("contoso"), signer.Source(tenant, cloud.AudienceDevOps), srv.TLSConfig())
	check(t, "connect", err)
	if o, err := c.EnsureExtension(ctx, "sariftools", "scans"); err != nil || o != devops.Created {
		t.Fatalf("install with an auth token = %v, %v", o, err)
	}
}
