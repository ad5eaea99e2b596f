package auth

import (
	"context"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"almwiz/providers/transport"
)

// acquireAsPerson serves a token from the cache, refreshing it silently,
// and falls back to a device-code sign-in only where that is allowed.
func (s *Signer) acquireAsPerson(ctx context.Context, ts *tenantSession, scopes []string) (public.AuthResult, error) {
	ctx = transport.RetrySafe(ctx) // token requests create nothing
	account, found, err := s.cachedAccount(ctx, ts)
	if err != nil {
		return public.AuthResult{}, err
	}
	if found {
		res, err := ts.pub.AcquireTokenSilent(ctx, scopes, public.WithSilentAccount(account))
		if err == nil {
			ts.setAccount(res.Account)
			return res, nil
		}
		if !needsSignIn(err) || !s.o.Interactive {
			return public.AuthResult{}, s.silentFailure(ts.tenant, err)
		}
	} else if !s.o.Interactive && !s.o.Endpoints.Sandbox {
		// Never wait for a person who is not there.
		return public.AuthResult{}, &SignInRequiredError{Tenant: ts.tenant, Reason: "almwiz has no saved sign-in for this tenant and cannot ask anyone", How: s.how()}
	}
	return s.deviceCodeSignIn(ctx, ts, scopes)
}

// cachedAccount finds the account this session signed in with, or the one
// saved in the token cache.
func (s *Signer) cachedAccount(ctx context.Context, ts *tenantSession) (public.Account, bool, error) {
	if a := ts.sessionAccount(); a.HomeAccountID != "" {
		return a, true, nil
	}
	accounts, err := ts.pub.Accounts(ctx)
	if err != nil {
		return public.Account{}, false, wrapRedacted("read the saved sign-in for tenant "+ts.tenant, err)
	}
	if len(accounts) == 0 {
		return public.Account{}, false, nil
	}
	return accounts[0], true, nil
}

// silentFailure explains a refresh that did not work: a sign-in is needed
// when Entra refused it or none can be asked for; other failures (the
// network, an outage) are returned as they are, redacted.
func (s *Signer) silentFailure(tenant string, err error) error {
	if needsSignIn(err) {
		return &SignInRequiredError{Tenant: tenant, Reason: "the saved sign-in could not be refreshed (" + entraReason(err) + ")", How: s.how()}
	}
	return wrapRedacted("refresh the sign-in for tenant "+tenant, err)
}

// deviceCodeSignIn runs the device-code flow: the code goes to OnDeviceCode
// and MSAL polls until the person (or the sandbox) approves it.
func (s *Signer) deviceCodeSignIn(ctx context.Context, ts *tenantSession, scopes []string) (public.AuthResult, error) {
	dc, err := ts.pub.AcquireTokenByDeviceCode(ctx, scopes)
	if err != nil {
		return public.AuthResult{}, s.signInFailure(ts.tenant, "start a device-code sign-in", err)
	}
	s.o.OnDeviceCode(DeviceCode{
		Tenant: ts.tenant, UserCode: dc.Result.UserCode, VerificationURL: dc.Result.VerificationURL,
		Message: dc.Result.Message, ExpiresAt: dc.Result.ExpiresOn,
	})
	res, err := dc.AuthenticationResult(ctx)
	if err != nil {
		return public.AuthResult{}, s.signInFailure(ts.tenant, "finish the device-code sign-in", err)
	}
	ts.setAccount(res.Account)
	return res, nil
}

// how says how to sign in, for SignInRequiredError.
func (s *Signer) how() string {
	if s.sp != nil {
		return "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH): the secret must be the value of a current client secret of that application, not its ID"
	}
	return "run almwiz in a terminal to sign in with a device code, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET to sign in as a service principal"
}
