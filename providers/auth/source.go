// Package auth signs almwiz in to Microsoft Entra with MSAL Go: an admin by
// device code, or a service principal from AZURE_* variables, and hands out
// one token source per (tenant, resource).
//
// Where a person is needed and none can be asked, it fails at once with a
// *SignInRequiredError (exit code 4), never waiting:
//   - on a real cloud, without a service principal or a saved sign-in;
//   - anywhere, when a saved sign-in can no longer be refreshed.
//
// A sandbox approves device codes by itself, so against a sandbox the first
// sign-in runs the device-code flow even when Options.Interactive is false.
// A refresh that fails there is treated as on a real cloud, so a rehearsal
// shows what an unattended run would do.
//
// A person's tokens are cached in a file per cloud, authority host and
// tenant (mode 0600; it holds refresh tokens); a service principal's stay in
// memory. Tokens are never printed or logged, and every error passes through
// transport.Redact.
package auth

import "context"

// TokenSource returns a valid access token for one tenant and resource,
// refreshing it silently before it expires. When a refresh needs a person
// and none can be asked, it returns a *SignInRequiredError.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// TokenFunc adapts a function to a TokenSource.
type TokenFunc func(ctx context.Context) (string, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context) (string, error) { return f(ctx) }

// SignInRequiredError says almwiz must sign in (again) and how. Commands
// exit with code 4 for it.
type SignInRequiredError struct {
	Tenant string
	Reason string // why, in the admin's words
	How    string // what to do, e.g. "run almwiz in a terminal to sign in with a device code, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"
}

// Error says which tenant needs a sign-in, why, and how.
func (e *SignInRequiredError) Error() string {
	msg := "sign-in needed for tenant " + e.Tenant
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.How != "" {
		msg += "\n  " + e.How
	}
	return msg
}

// ExitCode is 4: sign-in needed or failed.
func (e *SignInRequiredError) ExitCode() int { return 4 }
