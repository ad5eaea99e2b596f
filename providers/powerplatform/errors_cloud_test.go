package powerplatform

import (
	"strings"
	"testing"

	"almwiz/profiles"
)

func TestTheDataPolicyAdviceNamesTheCloudsAdminCenter(t *testing.T) {
	body := []byte(`{"error":{"code":"ApiPolicyViolation","message":"The connection is blocked by the data policy Contoso default."}}`)
	for cloud, want := range map[string]string{
		"public":     "https://admin.powerplatform.microsoft.com/",
		"usgov":      "https://gcc.admin.powerplatform.microsoft.us/",
		"usgov-high": "https://high.admin.powerplatform.microsoft.us/",
		"dod":        "https://admin.appsplatform.us/",
		"china":      "Power Platform admin center (Policies → Data policies)",
	} {
		e := apiError(servicePowerPlatform, "import solution", 400, body, profiles.Clouds[cloud].AdminCenterHost)
		if !strings.Contains(e.Suggestion, want) {
			t.Errorf("%s: suggestion %q, want %q", cloud, e.Suggestion, want)
		}
	}
}
