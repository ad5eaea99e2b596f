package auth

import (
	"context"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"almwiz/providers/transport"
)

// acquireAsServicePrincipal signs the service principal in with client
// credentials; MSAL serves a token still valid from its memory cache.
func (s *Signer) acquireAsServicePrincipal(ctx context.Context, ts *tenantSession, scopes []string) (public.AuthResult, error) {
	res, err := ts.conf.AcquireTokenByCredential(transport.RetrySafe(ctx), scopes)
	if err != nil {
		return public.AuthResult{}, s.signInFailure(ts.tenant, "sign in as service principal "+s.sp.clientID, err)
	}
	return res, nil
}
