package transport_test

import (
	"strings"
	"testing"

	"almwiz/providers/transport"
)

func TestRedactMasksSecretsAndKeepsTheRest(t *testing.T) {
	const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.sig_nat-ure"
	tests := []struct {
		name, in, secret, keep string
	}{
		{"bearer header", "Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop", "Authorization"},
		{"bearer in text", "sent bearer abcdefghijklmnopqrs to Graph", "abcdefghijklmnopqrs", "to Graph"},
		{"jwt anywhere", "token " + jwt + " rejected", jwt[10:], "rejected"},
		{"unsigned id token", "id eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. end", "eyJzdWIiOiJ4In0", "end"},
		{"entra client secret", "secret is Ab38Q~k2Yw.fG7_hJ-9sD4lP0zXcVbNmQwErTyUi here", "Ab38Q~k2Yw", "here"},
		{"client_secret form value", "grant_type=client_credentials&client_secret=s3cr3t-V4lue&scope=x", "s3cr3t-V4lue", "scope=x"},
		{"refresh_token form value", "refresh_token=0.AXkAabc-def&client_id=1", "0.AXkAabc-def", "client_id=1"},
		{"clientSecret json", `{"clientSecret":"hunter2-long","name":"ci"}`, "hunter2-long", `"name":"ci"`},
		{"secretText json", `{"keyId":"k1","secretText":"p@ss w0rd"}`, "p@ss w0rd", `"keyId":"k1"`},
		{"refresh token json", `{"refresh_token":"1.AQ-refresh","expires_in":3600}`, "1.AQ-refresh", `"expires_in":3600`},
		{"secret variable value", `{"variables":{"ClientSecret":{"isSecret":true,"value":"v3ry-s3cret"},"Env":{"value":"dev"}}}`, "v3ry-s3cret", `"value":"dev"`},
		{"secret variable value after isSecret", `{"value":"v3ry-s3cret","isSecret":true}`, "v3ry-s3cret", `"isSecret":true`},
		{"service endpoint key", `{"authorization":{"parameters":{"serviceprincipalkey":"spk-123456"}}}`, "spk-123456", "parameters"},
		{"basic auth", "Authorization: Basic OnBhdHBhdHBhdA==", "OnBhdHBhdHBhdA==", "Authorization"},
		{"plain text stays", "TF400813: The user is not authorized", "", "TF400813: The user is not authorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := transport.Redact(tt.in)
			if tt.secret != "" && strings.Contains(got, tt.secret) {
				t.Errorf("Redact(%q) = %q still holds the secret", tt.in, got)
			}
			if !strings.Contains(got, tt.keep) {
				t.Errorf("Redact(%q) = %q lost %q", tt.in, got, tt.keep)
			}
		})
	}
}
