package auth

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// tenantSession is the MSAL client signing in to one tenant, and the lock
// that makes every source of the tenant share one sign-in.
type tenantSession struct {
	tenant string
	lock   chan struct{}
	pub    *public.Client
	conf   *confidential.Client
	err    error // the client could not be built

	mu      sync.Mutex
	account public.Account // the person signed in, once known
}

// setAccount remembers the person signed in.
func (ts *tenantSession) setAccount(a public.Account) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.account = a
}

// sessionAccount is the person signed in, or the zero Account.
func (ts *tenantSession) sessionAccount() public.Account {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.account
}

// session returns the tenant's session, building its MSAL client on first use.
func (s *Signer) session(tenant string) *tenantSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ts := s.tenants[tenant]; ts != nil {
		return ts
	}
	ts := &tenantSession{tenant: tenant, lock: make(chan struct{}, 1)}
	if s.sp != nil {
		ts.conf, ts.err = s.confidentialClient(tenant)
	} else {
		ts.pub, ts.err = s.publicClient(tenant)
	}
	s.tenants[tenant] = ts
	return ts
}

// publicClient signs a person in; its cache is a file per cloud, authority
// host and tenant.
func (s *Signer) publicClient(tenant string) (*public.Client, error) {
	authority := s.o.Endpoints.Authority(tenant)
	opts := []public.Option{public.WithAuthority(authority), public.WithHTTPClient(s.o.HTTPClient)}
	if s.o.Endpoints.Sandbox {
		opts = append(opts, public.WithInstanceDiscovery(false))
	}
	if path := s.cachePath(tenant); path != "" {
		opts = append(opts, public.WithCache(fileCache{path}))
	}
	pc, err := public.New(s.o.ClientID, opts...)
	if err != nil {
		return nil, fmt.Errorf("prepare sign-in to %s: %w", authority, err)
	}
	return &pc, nil
}

// confidentialClient signs the service principal in; its tokens stay in memory.
func (s *Signer) confidentialClient(tenant string) (*confidential.Client, error) {
	cred, err := s.sp.credential()
	if err != nil {
		return nil, err
	}
	authority := s.o.Endpoints.Authority(tenant)
	opts := []confidential.Option{confidential.WithHTTPClient(s.o.HTTPClient)}
	if s.o.Endpoints.Sandbox {
		opts = append(opts, confidential.WithInstanceDiscovery(false))
	}
	cc, err := confidential.New(authority, s.sp.clientID, cred, opts...)
	if err != nil {
		return nil, fmt.Errorf("prepare service principal sign-in to %s: %w", authority, err)
	}
	return &cc, nil
}

// cachePath is the token cache file of tenant, or "" without a cache dir.
func (s *Signer) cachePath(tenant string) string {
	if s.o.CacheDir == "" {
		return ""
	}
	name := s.o.Endpoints.Cloud.Name
	if s.o.Endpoints.Sandbox {
		name = "sandbox"
	}
	return filepath.Join(s.o.CacheDir, cacheFileName(name, s.o.Endpoints.Authority(tenant), tenant))
}

// acquire returns a token for scopes in tenant, signing in as needed. Only
// one acquisition per tenant runs at a time, so concurrent sources share a
// single device-code sign-in.
func (s *Signer) acquire(ctx context.Context, tenant string, scopes []string) (public.AuthResult, error) {
	ts := s.session(tenant)
	if ts.err != nil {
		return public.AuthResult{}, &SignInRequiredError{Tenant: tenant, Reason: redactErr(ts.err).Error(), How: s.how()}
	}
	select {
	case ts.lock <- struct{}{}:
	case <-ctx.Done():
		return public.AuthResult{}, ctx.Err()
	}
	defer func() { <-ts.lock }()
	if s.sp != nil {
		return s.acquireAsServicePrincipal(ctx, ts, scopes)
	}
	return s.acquireAsPerson(ctx, ts, scopes)
}

// Alias makes tenant share the sign-in of as: once a person signed in to
// the multi-tenant authority "organizations" (any work or school account,
// learn.microsoft.com · dotnet/api/microsoft.identity.client.aadauthorityaudience)
// and their tenant's domain was read with that sign-in, the tokens of that
// sign-in are the tenant's own, so signing in to the domain again would ask
// the person for a second device code for nothing. A tenant that already
// has a session keeps it.
func (s *Signer) Alias(tenant, as string) {
	shared := s.session(as)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tenants[tenant]; !ok {
		s.tenants[tenant] = shared
	}
}
