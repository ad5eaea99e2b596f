package devops

import (
	"encoding/json"
	"net/http"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

func TestEveryServedRouteBelongsToAnAdvertisedLocation(t *testing.T) {
	for i, rt := range served {
		if servedLocations[i] == nil && rt.method != http.MethodOptions {
			t.Errorf("%s %s has no resource location", rt.method, rt.pattern)
		}
	}
}

func TestAPIVersionsAreCheckedLikeTheRealService(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	defer sb.contract.Take() // most cases break the 7.1 contract on purpose
	tok := sb.token(emulator.AudienceDevOps)
	const perms = "/devops/contoso/ALM/_apis/pipelines/pipelinepermissions/queue/1"
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		typeKey                  string
	}{
		{"a write without api-version", http.MethodPost, "/devops/contoso/_apis/distributedtask/variablegroups", `{}`, 400, "VssVersionNotSpecifiedException"},
		{"a read without api-version", http.MethodGet, "/devops/contoso/_apis/projects", "", 200, ""},
		{"a preview resource without -preview", http.MethodGet, perms + "?api-version=7.1", "", 400, "VssInvalidPreviewVersionException"},
		{"a preview resource with -preview", http.MethodGet, perms + "?api-version=7.1-preview.1", "", 200, ""},
		{"a version beyond the maximum", http.MethodGet, "/devops/contoso/_apis/projects?api-version=9.0", "", 400, "VssVersionOutOfRangeException"},
		{"a released version", http.MethodGet, "/devops/contoso/_apis/projects?api-version=7.1", "", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := sb.do(t, tc.method, tc.path, tok, tc.body)
			var e serviceError
			_ = json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != tc.status || e.TypeKey != tc.typeKey {
				t.Errorf("%s %s = %d %s, want %d %s", tc.method, tc.path, resp.StatusCode, e.TypeKey, tc.status, tc.typeKey)
			}
		})
	}
}
