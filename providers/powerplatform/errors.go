package powerplatform

import (
	"errors"
	"net/http"
	"strings"

	"almwiz/providers/transport"
)

// Dataverse error codes almwiz acts on.
const codeDuplicateRecord = "0x80040237" // a repeated association or a second row for a unique key

// apiError turns a failed answer into an error an admin can act on: the
// shared parser and suggestion table first, this package's own advice for
// what the table does not cover.
// adminCenter is the cloud's Power Platform admin center host, named in advice.
func apiError(service, op string, status int, body []byte, adminCenter string) *transport.APIError {
	e := transport.ParseError(service, status, body)
	e.Operation = op
	if e.Suggestion == "" {
		e.Suggestion = suggestion(e, adminCenter)
	}
	return e
}

// suggestion says what to do about e, who can do it, and where.
func suggestion(e *transport.APIError, adminCenter string) string {
	text := strings.ToLower(e.Code + " " + e.Message)
	switch {
	case strings.Contains(text, "dlp") || strings.Contains(text, "data loss prevention") || strings.Contains(text, "data policy"):
		where := "in the Power Platform admin center (Policies → Data policies)"
		if adminCenter != "" {
			where = "(https://" + adminCenter + "/security/dataprotection)"
		}
		return "A data policy (DLP) blocks a connector the ALM Accelerator needs: ask your Power Platform administrator " +
			"to allow it for this environment " + where + "."
	case e.Status == http.StatusForbidden && e.Service == serviceDataverse:
		return "You need the System Administrator security role in this environment: ask an environment administrator " +
			"to assign it (Power Platform admin center → Environments → Settings → Users), or use a Power Platform administrator."
	case e.Status == http.StatusForbidden && e.Service == servicePowerPlatform:
		return "This needs the Power Platform Administrator (or Global Administrator) role in Microsoft Entra ID: " +
			"ask a Global Administrator to assign it, or have a Power Platform administrator run this part."
	case strings.Contains(text, "missingdependenc") || strings.Contains(text, "dependencies are missing"):
		return "Import the solutions it depends on first (the ALM Accelerator needs the Creator Kit, CreatorKitCore)."
	case e.Code == "DomainNameAlreadyInUse":
		return "Choose another domain name, or point the profile at the existing environment."
	}
	return ""
}

// isStatus reports whether err is an API error with one of the statuses.
func isStatus(err error, statuses ...int) bool {
	var e *transport.APIError
	if !errors.As(err, &e) {
		return false
	}
	for _, s := range statuses {
		if e.Status == s {
			return true
		}
	}
	return false
}

// isDuplicate reports Dataverse's answer to a second row for a unique key
// or a repeated association: someone else got there first.
func isDuplicate(err error) bool {
	var e *transport.APIError
	return errors.As(err, &e) && (e.Code == codeDuplicateRecord || e.Status == http.StatusPreconditionFailed)
}

// isTransient reports an error worth another poll of a long-running operation.
func isTransient(err error) bool {
	var e *transport.APIError
	return errors.As(err, &e) && e.Transient()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
