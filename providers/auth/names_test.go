package auth_test

import (
	"testing"

	"almwiz/providers/auth"
)

func TestScopesAreWrittenAsTheAzureCLIWritesThem(t *testing.T) {
	tests := []struct{ resource, scope string }{
		{auth.ResourceGraph, "https://graph.microsoft.com/.default"},
		{auth.ResourceDevOps, "499b84ac-1321-427f-aa17-267ca6975798/.default"},
		{auth.ResourcePowerPlatform, "https://service.powerapps.com//.default"},
		{"https://contoso-dev.crm.dynamics.com", "https://contoso-dev.crm.dynamics.com/.default"},
		{"https://graph.microsoft.com/.default", "https://graph.microsoft.com/.default"},
	}
	for _, tt := range tests {
		if got := auth.ScopeFor(tt.resource); got != tt.scope {
			t.Errorf("scope of %s = %s, want %s", tt.resource, got, tt.scope)
		}
	}
}

func TestCacheFilesAreKeptApartByCloudHostAndTenant(t *testing.T) {
	names := map[string]string{}
	for _, c := range []struct{ cloud, authority, tenant string }{
		{"public", "https://login.microsoftonline.com/contoso.onmicrosoft.com", "contoso.onmicrosoft.com"},
		{"public", "https://login.microsoftonline.com/fabrikam.onmicrosoft.com", "fabrikam.onmicrosoft.com"},
		{"usgov", "https://login.microsoftonline.us/contoso.onmicrosoft.com", "contoso.onmicrosoft.com"},
		{"sandbox", "https://127.0.0.1:8443/login/contoso.onmicrosoft.com", "contoso.onmicrosoft.com"},
		{"sandbox", "https://127.0.0.1:9443/login/contoso.onmicrosoft.com", "contoso.onmicrosoft.com"},
	} {
		name := auth.CacheFileName(c.cloud, c.authority, c.tenant)
		if prev, ok := names[name]; ok {
			t.Errorf("%s and %s share the cache file %s", prev, c.authority, name)
		}
		names[name] = c.authority
	}
	if got := auth.CacheFileName("sandbox", "https://127.0.0.1:8443/login/Contoso", "Contoso"); got != "msal-sandbox-127.0.0.1_8443-contoso.json" {
		t.Errorf("cache file name = %s", got)
	}
}
