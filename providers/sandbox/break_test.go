package sandbox_test

import (
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

// Each break route refuses a request without its keys with a 400 that names
// the missing key, an unknown state with the states it knows, and a
// resource that does not exist with a 404: a test that mistypes a key
// fails there, not later with a doctor that finds nothing.
func TestBreakRoutesNameWhatIsMissing(t *testing.T) {
	s := start(t, sandbox.Options{})
	for _, tc := range []struct {
		b    sandbox.Breakage
		want string
	}{
		{sandbox.Breakage{Service: "entra", State: "secret-expired", Keys: map[string]string{"application": "x"}}, "400 Bad Request {\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"secret-expired needs tenant."},
		{sandbox.Breakage{Service: "entra", State: "secret-expiring", Keys: map[string]string{"tenant": tenant, "application": "x"}}, "needs in, a positive duration"},
		{sandbox.Breakage{Service: "entra", State: "secret-expired", Keys: map[string]string{"tenant": tenant, "application": "nobody"}}, "404 Not Found"},
		{sandbox.Breakage{Service: "entra", State: "forgotten"}, "state must be one of secret-expired, secret-expiring"},
		{sandbox.Breakage{Service: "powerplatform", State: "flows-off"}, "flows-off needs environment."},
		{sandbox.Breakage{Service: "powerplatform", State: "application-user-deleted", Keys: map[string]string{"environment": "dev"}}, "needs application"},
		{sandbox.Breakage{Service: "powerplatform", State: "flows-off", Keys: map[string]string{"environment": "nowhere"}}, "404 Not Found"},
		{sandbox.Breakage{Service: "devops", State: "templates-behind", Keys: map[string]string{"organization": "contoso", "project": "ALM", "repository": "pipelines"}}, "templates-behind needs tag."},
		{sandbox.Breakage{Service: "devops", State: "pipeline-permission-revoked", Keys: map[string]string{"organization": "contoso", "project": "ALM", "resource": "x"}}, "needs resourceType."},
		{sandbox.Breakage{Service: "devops", State: "build-service-acl-removed", Keys: map[string]string{"organization": "contoso", "project": "ALM"}}, "404 Not Found"},
		{sandbox.Breakage{Service: "devops", State: "unplugged"}, "state must be one of build-service-acl-removed, pipeline-permission-revoked, templates-behind, templates-customised."},
	} {
		err := s.Break(tc.b)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s %v: %v, want %q", tc.b.Service, tc.b.State, tc.b.Keys, err, tc.want)
		}
	}
}
