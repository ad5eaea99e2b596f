package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Claims are the access-token claims the sandbox issues, named as Entra names them.
type Claims struct {
	Audience  string   `json:"aud"`
	Issuer    string   `json:"iss"`
	Tenant    string   `json:"tid"`
	ObjectID  string   `json:"oid"`
	AppID     string   `json:"appid"`         // the client that asked for the token
	UPN       string   `json:"upn,omitempty"` // empty for an application
	Name      string   `json:"name,omitempty"`
	Scopes    string   `json:"scp,omitempty"`   // delegated: space-separated
	Roles     []string `json:"roles,omitempty"` // application permissions
	IssuedAt  int64    `json:"iat"`
	ExpiresAt int64    `json:"exp"`
}

// IsApp reports whether the token was issued to an application (client credentials).
func (c Claims) IsApp() bool { return c.UPN == "" }

// TokenIssuer signs and verifies sandbox access tokens (HS256 JWTs with a key
// generated at sandbox start and kept with its persisted state).
type TokenIssuer struct {
	key []byte
	now func() time.Time
}

// NewTokenIssuer returns an issuer with key, or a fresh random key when key is empty.
func NewTokenIssuer(key []byte, now func() time.Time) *TokenIssuer {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
	}
	if now == nil {
		now = time.Now
	}
	return &TokenIssuer{key: key, now: now}
}

// Key returns the signing key, for persistence.
func (t *TokenIssuer) Key() []byte { return t.key }

// Sign returns the compact JWT for c.
func (t *TokenIssuer) Sign(c Claims) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body, _ := json.Marshal(c)
	signing := head + "." + enc.EncodeToString(body)
	return signing + "." + enc.EncodeToString(t.mac(signing))
}

func (t *TokenIssuer) mac(s string) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// Errors Verify returns; services map them to their own 401 bodies.
var (
	ErrNoToken       = errors.New("no bearer token")
	ErrInvalidToken  = errors.New("invalid token")
	ErrExpiredToken  = errors.New("token expired")
	ErrWrongAudience = errors.New("token audience does not match")
)

// Verify checks the bearer token of r and that it was issued for audience
// (compared case-insensitively, ignoring a trailing slash).
func (t *TokenIssuer) Verify(r *http.Request, audience string) (Claims, error) {
	h := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return Claims{}, ErrNoToken
	}
	return t.Parse(raw, audience)
}

// Parse verifies a compact JWT as Verify does.
func (t *TokenIssuer) Parse(raw, audience string) (Claims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return Claims{}, ErrInvalidToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, t.mac(parts[0]+"."+parts[1])) {
		return Claims{}, ErrInvalidToken
	}
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return Claims{}, ErrInvalidToken
	}
	var c Claims
	if err := json.Unmarshal(body, &c); err != nil {
		return Claims{}, ErrInvalidToken
	}
	if t.now().Unix() >= c.ExpiresAt {
		return c, ErrExpiredToken
	}
	if audience != "" && !SameAudience(c.Audience, audience) {
		return c, fmt.Errorf("%w: token is for %q, not %q", ErrWrongAudience, c.Audience, audience)
	}
	return c, nil
}

// SameAudience compares two resource identifiers the way Entra matches them.
func SameAudience(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}
