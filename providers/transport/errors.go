package transport

import (
	"fmt"
	"strings"
)

// APIError is a failed call to a Microsoft service, in words an admin can
// act on. Providers build it from their service's error body.
type APIError struct {
	Service    string // "Microsoft Graph", "Azure DevOps", "Power Platform", "Dataverse", "Microsoft Entra"
	Operation  string // what almwiz was doing, e.g. `create app registration "ALMAcceleratorServicePrincipal"`
	Status     int
	Code       string // the service's own code, e.g. Authorization_RequestDenied, TF400813
	Message    string // the service's message (never a secret: providers never echo request bodies)
	Suggestion string // what to do, who can do it, a link
}

// Error says what failed, the service's answer and the suggestion.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Operation != "" {
		b.WriteString(e.Operation + ": ")
	}
	fmt.Fprintf(&b, "%s answered %d", e.Service, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Suggestion != "" {
		b.WriteString("\n  " + e.Suggestion)
	}
	return b.String()
}

// Transient reports whether retrying the whole step later may succeed.
func (e *APIError) Transient() bool {
	return e.Status == 429 || e.Status == 502 || e.Status == 503 || e.Status == 504
}

// NotFound reports a missing resource.
func (e *APIError) NotFound() bool { return e.Status == 404 }
