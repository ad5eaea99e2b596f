package emulator

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestTokenIssuerVerifiesWhatItSigned(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	iss := NewTokenIssuer(nil, func() time.Time { return now })
	valid := Claims{Audience: AudienceGraph + "/", Tenant: "t", IssuedAt: now.Unix(), ExpiresAt: now.Add(time.Hour).Unix()}
	expired := valid
	expired.ExpiresAt = now.Unix()
	tests := []struct {
		name    string
		header  string
		aud     string
		wantErr error
	}{
		{"a signed token for the audience verifies", "Bearer " + iss.Sign(valid), AudienceGraph, nil},
		{"no header is no token", "", AudienceGraph, ErrNoToken},
		{"another key's token is invalid", "Bearer " + NewTokenIssuer(nil, nil).Sign(valid), AudienceGraph, ErrInvalidToken},
		{"an expired token is expired", "Bearer " + iss.Sign(expired), AudienceGraph, ErrExpiredToken},
		{"a token for another resource is refused", "Bearer " + iss.Sign(valid), AudienceDevOps, ErrWrongAudience},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "https://127.0.0.1/", nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			_, err := iss.Verify(r, tc.aud)
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
}
