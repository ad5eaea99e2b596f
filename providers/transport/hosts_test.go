package transport

import (
	"strings"
	"testing"
)

func TestContinuationLinksStayOnTheServicesHost(t *testing.T) {
	base := "https://graph.microsoft.com/v1.0"
	for link, ok := range map[string]bool{
		"https://graph.microsoft.com/v1.0/groups?$skiptoken=x": true,
		"https://GRAPH.microsoft.com/v1.0/groups":              true,
		"https://graph.microsoft.com.evil.example/v1.0":        false,
		"https://evil.example.com/v1.0/groups":                 false,
		"http://graph.microsoft.com/v1.0/groups":               false,
		"https://user:pw@graph.microsoft.com/v1.0":             false,
		"/v1.0/groups":                          false,
		"https://graph.microsoft.com:8443/v1.0": false,
	} {
		if err := CheckSameHost(base, link); (err == nil) != ok {
			t.Errorf("CheckSameHost(%q) = %v, want ok=%v", link, err, ok)
		}
	}
}

func TestRedactMasksCredentialsInUnusualPlaces(t *testing.T) {
	for _, secret := range []string{"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "github_pat_11AAAAAAA0abcdefghijklmnopqrstuvwxyz",
		"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", "hunter2"} {
		in := "clone https://me:" + secret + "@github.com/contoso/alm failed; token " + secret
		if secret == "hunter2" {
			in = "clone https://me:" + secret + "@github.com/contoso/alm failed"
		}
		if out := Redact(in); strings.Contains(out, secret) {
			t.Errorf("Redact(%q) = %q", in, out)
		}
	}
	if out := Redact("https://contoso@dev.azure.com/contoso/alm/_git/pipelines"); !strings.Contains(out, "contoso@dev.azure.com") {
		t.Errorf("a bare user name is not a credential: %q", out)
	}
}
