package auth

import (
	"context"
	"errors"
	"strings"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"almwiz/providers/transport"
)

// refusalCodes are the OAuth errors by which Entra says a person or an
// application must sign in (again) — as opposed to an outage.
var refusalCodes = map[string]bool{
	"invalid_grant": true, "interaction_required": true, "invalid_client": true, "unauthorized_client": true,
	"expired_token": true, "authorization_declined": true, "bad_verification_code": true, "consent_required": true,
	"login_required": true,
}

// entraError reads the OAuth error of a failed MSAL call, or nil when the
// call failed before Entra answered.
func entraError(err error) *transport.APIError {
	var call msalerrors.CallErr
	if !errors.As(err, &call) || call.Resp == nil {
		return nil
	}
	_, body, _ := strings.Cut(call.Err.Error(), "\n")
	return transport.ParseError(transport.ServiceEntra, call.Resp.StatusCode, []byte(body))
}

// needsSignIn reports whether err means nobody is signed in any more: Entra
// refused the grant, or MSAL found nothing to refresh with.
func needsSignIn(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if e := entraError(err); e != nil {
		return refusalCodes[e.Code]
	}
	var call msalerrors.CallErr
	return !errors.As(err, &call) // a cache miss, not a failed call
}

// entraReason is Entra's own words for a failure, redacted.
func entraReason(err error) string {
	if e := entraError(err); e != nil {
		return strings.TrimSpace(e.Code + ": " + firstLine(e.Message))
	}
	return transport.Redact(err.Error())
}

// signInFailure turns a failed sign-in into a *SignInRequiredError when
// Entra refused it, or a redacted error otherwise.
func (s *Signer) signInFailure(tenant, doing string, err error) error {
	if e := entraError(err); e != nil && refusalCodes[e.Code] {
		reason := "Microsoft Entra refused to " + doing + " (" + entraReason(err) + ")"
		return &SignInRequiredError{Tenant: tenant, Reason: reason, How: s.how()}
	}
	return wrapRedacted(doing+" for tenant "+tenant, err)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if i := strings.Index(line, " Trace ID:"); i > 0 {
		line = line[:i]
	}
	return line
}

// redactedError prints a redacted message but keeps the cause for
// errors.Is and errors.As (context cancellation, a network error).
type redactedError struct {
	msg string
	err error
}

// Error is the redacted message.
func (e *redactedError) Error() string { return e.msg }

// Unwrap is the original error, for errors.Is and errors.As.
func (e *redactedError) Unwrap() error { return e.err }

// wrapRedacted wraps err as "doing: err" with secrets and tokens masked.
func wrapRedacted(doing string, err error) error {
	return &redactedError{msg: doing + ": " + transport.Redact(err.Error()), err: err}
}

func redactErr(err error) error { return &redactedError{msg: transport.Redact(err.Error()), err: err} }
