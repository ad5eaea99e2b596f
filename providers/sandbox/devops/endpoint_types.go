package devops

import (
	"net/http"
	"strings"
)

// endpointTypeExtensions maps each service connection type that a
// Marketplace extension contributes (compared case-insensitively) to that
// extension, publisher.extension in lower case. The real service knows such
// a type only once its extension is installed in the organization; before,
// creating or updating a connection of that type answers 400
// ServiceEndpointException "Unable to find service connection type
// 'powerplatform-spn' using authentication scheme 'None'." — the body is
// shown in full in Capgemini/powerapps-project-template issue #51. The type
// and its scheme are those of microsoft/terraform-provider-azuredevops ·
// azuredevops/internal/service/serviceendpoint/resource_serviceendpoint_powerplatform.go.
// Types not listed here are treated as built in.
var endpointTypeExtensions = map[string]string{
	"powerplatform-spn": "microsoft-isvexptools.powerplatform-buildtools",
}

// endpointTypeMissing answers 400 and reports true when typ comes from an
// extension the organization has not installed.
func (q *request) endpointTypeMissing(typ, scheme string) bool {
	ext, ok := endpointTypeExtensions[lower(typ)]
	if !ok {
		return false
	}
	publisher, name, _ := strings.Cut(ext, ".")
	if q.org.extension(publisher, name) != nil {
		return false
	}
	q.serviceEndpointError("Unable to find service connection type '" + typ + "' using authentication scheme '" + scheme + "'.")
	return true
}

// serviceEndpointError answers 400 with the service-endpoints area's own
// exception type, as the real service does for a refused connection.
func (q *request) serviceEndpointError(message string) {
	writeJSON(q.w, http.StatusBadRequest, serviceError{ID: "1", Message: message, TypeKey: "ServiceEndpointException", EventID: 3000,
		TypeName: "Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi.ServiceEndpointException, Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi"})
}
