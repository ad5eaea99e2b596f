package powerplatform

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"almwiz/providers/transport"
)

func TestCompareVersionsOrdersDottedNumbers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0.20240305.1", "1.0.20240305.1", 0},
		{"1.0.20240206.1", "1.0.20240305.1", -1},
		{"1.0.20240305.10", "1.0.20240305.9", 1},
		{"1.0", "1.0.0.0", 0},
		{"2.0", "1.9.99999999.9", 1},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPickReleaseSkipsDraftsPrereleasesAndUnmanagedZips(t *testing.T) {
	asset := func(name string) struct {
		Name string `json:"name"`
		URL  string `json:"browser_download_url"`
		Size int64  `json:"size"`
	} {
		return struct {
			Name string `json:"name"`
			URL  string `json:"browser_download_url"`
			Size int64  `json:"size"`
		}{Name: name, URL: "https://x/" + name}
	}
	releases := []releaseDTO{
		{TagName: "draft", Draft: true},
		{TagName: "pre", Prerelease: true},
		{TagName: "April", Assets: nil},
		{TagName: "March"},
		{TagName: "Feb"},
	}
	releases[0].Assets = append(releases[0].Assets, asset("CenterofExcellenceALMAccelerator_1.0.20240401.1_managed.zip"))
	releases[1].Assets = append(releases[1].Assets, asset("CenterofExcellenceALMAccelerator_1.0.20240320.1_managed.zip"))
	releases[3].Assets = append(releases[3].Assets, asset("CenterofExcellenceALMAccelerator_1.0.20240305.1_unmanaged.zip"),
		asset("CenterofExcellenceALMAccelerator_1.0.20240305.1_managed.zip"))
	releases[4].Assets = append(releases[4].Assets, asset("CenterofExcellenceALMAccelerator_1.0.20240206.1_managed.zip"))
	tests := []struct{ version, wantTag, wantAsset string }{
		{"", "March", "CenterofExcellenceALMAccelerator_1.0.20240305.1_managed.zip"},
		{"1.0.20240206.1", "Feb", "CenterofExcellenceALMAccelerator_1.0.20240206.1_managed.zip"},
		{"1.0.20240206", "", ""}, // a version prefix is not the version
	}
	for _, tt := range tests {
		rel, ok := pickRelease(releases, "centerofexcellencealmaccelerator", tt.version)
		if rel.Tag != tt.wantTag || rel.Asset.Name != tt.wantAsset || ok != (tt.wantTag != "") {
			t.Errorf("pick %q = %+v, %v; want %s %s", tt.version, rel, ok, tt.wantTag, tt.wantAsset)
		}
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 2 * time.Second},
		{"3", 3 * time.Second},
		{"3600", maxPollWait},
		{"soon", 2 * time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := retryAfter(h, 2*time.Second); got != tt.want {
			t.Errorf("Retry-After %q = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestODataPathsAreEncodedAndKeysRead(t *testing.T) {
	got := query("roles", "$select", "roleid,name", "$filter", "name eq "+quote("Admin's role"), "$top", "")
	want := "roles?$select=roleid%2Cname&$filter=name%20eq%20%27Admin%27%27s%20role%27"
	if got != want {
		t.Errorf("query = %s, want %s", got, want)
	}
	if id := entityIDOf("https://x.crm.dynamics.com/api/data/v9.2/systemusers(1b2c3d4e-0000-0000-0000-000000000001)"); id != "1b2c3d4e-0000-0000-0000-000000000001" {
		t.Errorf("entityIDOf = %q", id)
	}
	if isGUID("1 or 1 eq 1") || !isGUID(newGUID()) {
		t.Error("isGUID accepts a filter injection or rejects a new GUID")
	}
}

func TestRedactSecretKeepsTheAPIErrorButNotTheSecret(t *testing.T) {
	const secret = "hunter2-secret"
	api := &transport.APIError{Service: "Power Platform", Operation: "configure " + secret, Status: 400, Message: "bad " + secret}
	err := redactSecret(api, secret)
	var got *transport.APIError
	if !errors.As(err, &got) || got.Status != 400 || strings.Contains(err.Error(), secret) {
		t.Errorf("redacted = %#v", err)
	}
	if plain := redactSecret(errors.New("wrap: "+secret), secret); strings.Contains(plain.Error(), secret) {
		t.Errorf("plain error kept the secret: %v", plain)
	}
	if redactSecret(nil, secret) != nil {
		t.Error("nil became an error")
	}
}
