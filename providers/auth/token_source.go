package auth

import (
	"context"
	"strings"
	"time"

	"almwiz/providers/cloud"
)

// Token audiences (resources) almwiz asks tokens for. Dataverse
// environments are their own resource: the environment URL.
const (
	ResourceGraph         = "https://graph.microsoft.com"
	ResourceDevOps        = cloud.AudienceDevOps
	ResourcePowerPlatform = "https://service.powerapps.com/"
)

// refreshSkew is how long before expiry a token is replaced.
const refreshSkew = 5 * time.Minute

// sourceKey names one source: a resource in a tenant.
type sourceKey struct{ tenant, resource string }

// source is the TokenSource of one (tenant, resource): it keeps the token in
// memory and asks the Signer for a new one shortly before it expires.
type source struct {
	s         *Signer
	tenant    string
	scopes    []string
	lock      chan struct{}
	token     string
	refreshAt time.Time
}

// Source returns the token source of resource in tenant (a domain or id):
// ResourceGraph, ResourceDevOps, ResourcePowerPlatform (or the cloud's
// admin audience) or a Dataverse environment URL. Asking twice returns the
// same source.
func (s *Signer) Source(tenant, resource string) TokenSource {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := sourceKey{tenant, resource}
	if src := s.sources[key]; src != nil {
		return src
	}
	src := &source{s: s, tenant: tenant, scopes: []string{scopeFor(resource)}, lock: make(chan struct{}, 1)}
	s.sources[key] = src
	return src
}

// scopeFor is the .default scope of a resource, written the way the Azure
// CLI writes it: a resource ending in "/" gets "//.default".
func scopeFor(resource string) string {
	if strings.HasSuffix(resource, "/.default") {
		return resource
	}
	return resource + "/.default"
}

// Token returns the cached token, or a fresh one once the cached one is
// within refreshSkew of expiry (half its life for short-lived tokens).
// Concurrent callers wait for one refresh and share its token.
func (src *source) Token(ctx context.Context) (string, error) {
	select {
	case src.lock <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-src.lock }()
	now := src.s.now()
	if src.token != "" && now.Before(src.refreshAt) {
		return src.token, nil
	}
	res, err := src.s.acquire(ctx, src.tenant, src.scopes)
	if err != nil {
		return "", err
	}
	src.token = res.AccessToken
	life := max(res.ExpiresOn.Sub(now), 0)
	src.refreshAt = res.ExpiresOn.Add(-min(refreshSkew, life/2))
	return src.token, nil
}
