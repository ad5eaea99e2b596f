package entra

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"almwiz/providers/transport"
)

// serviceName is how errors name Microsoft Graph.
const serviceName = transport.ServiceGraph

// role is the Entra role an operation needs, named in the suggestion when
// Graph denies it.
type role string

const (
	roleApps     role = "Application Administrator or Cloud Application Administrator (to register apps and their service principals)"
	roleConsent  role = "Cloud Application Administrator, Application Administrator, Privileged Role Administrator or Global Administrator (to grant tenant-wide admin consent)"
	roleGroups   role = "Groups Administrator or User Administrator (to create security groups and manage members)"
	roleRead     role = "a member of the tenant (Global Reader or any admin role to read the directory)"
	roleLicences role = "Global Reader, License Administrator or Billing Administrator (to read the tenant's licences)"
)

// odataDetails reads the detail codes of Graph's error body.
type odataDetails struct {
	Error struct {
		Details []struct {
			Code string `json:"code"`
		} `json:"details"`
	} `json:"error"`
}

// graphError is an API error together with the detail codes Graph sent,
// which some answers need to be told apart (NoBackingApplicationObject).
type graphError struct {
	*transport.APIError
	details []string
}

func (e *graphError) Unwrap() error { return e.APIError }

// hasDetail reports whether Graph named code among the error's details.
func (e *graphError) hasDetail(code string) bool {
	for _, d := range e.details {
		if strings.EqualFold(d, code) {
			return true
		}
	}
	return false
}

// decodeError turns a failed answer into a *transport.APIError. It reads
// only the error body, so nothing the request sent is ever echoed.
func decodeError(resp *http.Response, cl call) error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := transport.ParseError(serviceName, resp.StatusCode, raw)
	e.Operation = cl.op
	if s := suggest(e, cl.role); s != "" {
		e.Suggestion = s
	}
	ge := &graphError{APIError: e}
	var body odataDetails
	_ = json.Unmarshal(raw, &body)
	for _, d := range body.Error.Details {
		ge.details = append(ge.details, d.Code)
	}
	return ge
}

// suggest names the Entra role that can do what Graph denied; other
// suggestions come from the transport's table.
func suggest(e *transport.APIError, r role) string {
	if e.Code != "Authorization_RequestDenied" && e.Status != http.StatusForbidden {
		return ""
	}
	if r == "" {
		r = roleRead
	}
	return "Your account lacks the Microsoft Entra role for this. Sign in as a " + string(r) +
		", or ask one to run this part: almwiz apply --scope entra."
}

// apiError returns err's *transport.APIError, or nil.
func apiError(err error) *transport.APIError {
	var e *transport.APIError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// isNotFound reports a 404 from Graph.
func isNotFound(err error) bool {
	e := apiError(err)
	return e != nil && e.NotFound()
}

// alreadyExists reports Graph's 400 for adding a reference (member, owner)
// that is there already.
func alreadyExists(err error) bool {
	e := apiError(err)
	return e != nil && e.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(e.Message), "already exist")
}

// conflict reports a 409: the object was created meanwhile (another run, or
// an earlier attempt whose answer was lost).
func conflict(err error) bool {
	e := apiError(err)
	return e != nil && e.Status == http.StatusConflict
}
