package devops

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestServiceEndpointsFollowTheRealServicePreconditions(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("contoso")}
	a.createProject("ALM")
	url := "https://contoso-dev.crm.dynamics.com/"
	create := func() (int, serviceError) {
		var e serviceError
		status := sb.call(t, http.MethodPost, "/devops/contoso/_apis/serviceendpoint/endpoints?api-version=7.1", a.endpoint(url, "first-secret"), &e)
		return status, e
	}

	status, e := create()
	if status != http.StatusBadRequest || e.TypeKey != "ServiceEndpointException" ||
		e.Message != "Unable to find service connection type 'powerplatform-spn' using authentication scheme 'None'." ||
		e.TypeName != "Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi.ServiceEndpointException, Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi" {
		t.Fatalf("powerplatform-spn before the Build Tools: %d %+v, want 400 ServiceEndpointException", status, e)
	}

	sb.call(t, http.MethodPost, "/extmgmt/contoso/_apis/ExtensionManagement/InstalledExtensionsByName/microsoft-IsvExpTools/PowerPlatform-BuildTools?api-version=7.1-preview.1", nil, nil)
	var created map[string]any
	if status := sb.call(t, http.MethodPost, "/devops/contoso/_apis/serviceendpoint/endpoints?api-version=7.1", a.endpoint(url, "first-secret"), &created); status != http.StatusOK {
		t.Fatalf("powerplatform-spn after the Build Tools: %d, want 200", status)
	}
	id := created["id"].(string)

	body := a.endpoint(url, "second-secret")
	path := "/devops/contoso/_apis/serviceendpoint/endpoints/" + id + "?api-version=7.1"
	if status := sb.call(t, http.MethodPut, path, body, &e); status != http.StatusBadRequest || e.TypeKey != "ServiceEndpointException" {
		t.Fatalf("update without the id in the body: %d %+v, want 400 ServiceEndpointException", status, e)
	}
	raw, _ := json.Marshal(body)
	var withID map[string]any
	_ = json.Unmarshal(raw, &withID)
	withID["id"] = id
	if status := sb.call(t, http.MethodPut, path, withID, nil); status != http.StatusOK {
		t.Fatalf("update with the id in the body: %d, want 200", status)
	}
}
