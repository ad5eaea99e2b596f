package devops

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"

	"almwiz/providers/transport"
)

// serviceName is how errors name Azure DevOps.
const serviceName = "Azure DevOps"

// tfCode finds a TF/VS error code at the start of a service message.
var tfCode = regexp.MustCompile(`^((?:TF|VS)\d+):`)

// apiError turns an SDK error into a *transport.APIError with a suggestion
// the admin can act on. Other errors (network, context) are returned as they
// are. Messages pass through transport.Redact: the SDK never echoes request
// bodies, but a service message might quote what it was sent.
func (c *Client) apiError(err error) error {
	status, msg, key, ok := sdkError(err)
	if !ok {
		return err
	}
	e := &transport.APIError{Service: serviceName, Status: status, Message: transport.Redact(msg)}
	e.Code = key
	if m := tfCode.FindStringSubmatch(msg); m != nil {
		e.Code = m[1]
	}
	e.Suggestion = c.suggestion(status, msg)
	return e
}

// sdkError unpacks the SDK's two error shapes: WrappedError as a value for a
// JSON body, *WrappedError for an empty one.
func sdkError(err error) (status int, msg, key string, ok bool) {
	var w azuredevops.WrappedError
	var wp *azuredevops.WrappedError
	switch {
	case errors.As(err, &w):
	case errors.As(err, &wp) && wp != nil:
		w = *wp
	default:
		return 0, "", "", false
	}
	return val(w.StatusCode), w.Error(), val(w.TypeKey), true
}

// suggestion says what to do about a failed call, and who can do it.
func (c *Client) suggestion(status int, msg string) string {
	switch {
	case status == http.StatusUnauthorized:
		return "Azure DevOps did not accept the sign-in: the account may not be a member of organization " + c.org +
			", or the organization is not backed by the Microsoft Entra tenant you signed in to. Ask an organization owner to add the account " +
			"(Organization settings → Users), or sign in to the tenant shown under Organization settings → Microsoft Entra."
	case status == http.StatusForbidden || strings.Contains(msg, "permission") || strings.Contains(msg, "TF50309"):
		return "This needs a Project Collection Administrator of " + c.org + ". Ask the organization owner or a Project Collection " +
			"Administrator to add you under Organization settings → Permissions → Project Collection Administrators, or to run this step."
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		return "Azure DevOps is busy; run almwiz resume in a few minutes to carry on."
	}
	return ""
}

// isStatus reports whether err is an Azure DevOps answer with one of statuses.
func isStatus(err error, statuses ...int) bool {
	status, _, _, ok := sdkError(err)
	if !ok {
		var api *transport.APIError
		if !errors.As(err, &api) {
			return false
		}
		status = api.Status
	}
	for _, s := range statuses {
		if status == s {
			return true
		}
	}
	return false
}

// isNotFound reports a 404 answer.
func isNotFound(err error) bool { return isStatus(err, http.StatusNotFound) }

// isDuplicate reports the answers a create gets when the resource already
// exists: 409, or 400 with a message saying so (service connections and
// variable groups answer that way). A repeated create after a lost answer
// ends here, and the caller looks the resource up again.
func isDuplicate(err error) bool {
	if isStatus(err, http.StatusConflict) {
		return true
	}
	_, msg, _, _ := sdkError(err)
	return isStatus(err, http.StatusBadRequest) && strings.Contains(strings.ToLower(msg), "already exist")
}
