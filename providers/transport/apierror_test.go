package transport_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"almwiz/providers/transport"
)

func TestParseErrorReadsEveryServiceShape(t *testing.T) {
	tests := []struct {
		name, service string
		status        int
		body          string
		code, message string
		suggests      string
	}{
		{"Graph OData", transport.ServiceGraph, 403, `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{}}}`,
			"Authorization_RequestDenied", "Insufficient privileges", "Application Administrator"},
		{"Azure DevOps TF code", transport.ServiceDevOps, 401, `{"$id":"1","message":"TF400813: The user 'x' is not authorized to access this resource.","typeKey":"UnauthorizedRequestException","errorCode":0}`,
			"TF400813", "not authorized", "not a member of this Azure DevOps organization"},
		{"Azure DevOps typeKey", transport.ServiceDevOps, 404, `{"message":"The project does not exist.","typeKey":"ProjectDoesNotExistException"}`,
			"ProjectDoesNotExistException", "does not exist", ""},
		{"Azure DevOps 401 without body", transport.ServiceDevOps, 401, ``, "", "", "not backed by this Microsoft Entra tenant"},
		{"Azure DevOps permission", transport.ServiceDevOps, 403, `{"message":"TF50309: The following account does not have sufficient permissions to complete the operation.","typeKey":"SecurityException"}`,
			"TF50309", "sufficient permissions", "Project Collection Administrator"},
		{"Entra OAuth", transport.ServiceEntra, 401, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`,
			"invalid_client", "AADSTS7000215", "AZURE_CLIENT_SECRET"},
		{"Entra expired refresh", transport.ServiceEntra, 400, `{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired."}`,
			"invalid_grant", "AADSTS700082", "sign in again"},
		{"Dataverse privilege", transport.ServiceDataverse, 403, `{"error":{"code":"0x80040220","message":"Principal user is missing prvCreateSolution privilege."}}`,
			"0x80040220", "prvCreateSolution", "System Administrator"},
		{"BAP forbidden", transport.ServicePowerPlatform, 403, `{"error":{"code":"Forbidden","message":"The caller does not have permission."}}`,
			"Forbidden", "does not have permission", "Power Platform Administrator"},
		{"DLP", transport.ServicePowerPlatform, 400, `{"error":{"code":"BusinessDataPolicyViolation","message":"The connector is blocked by policy."}}`,
			"BusinessDataPolicyViolation", "blocked", "allow the connector"},
		{"licence", transport.ServicePowerPlatform, 403, `{"error":{"code":"UserNotLicensed","message":"The user does not have a license."}}`,
			"UserNotLicensed", "license", "licence"},
		{"name taken", transport.ServiceGraph, 400, `{"error":{"code":"Request_BadRequest","message":"Another object with the same value for property uniqueName already exists."}}`,
			"Request_BadRequest", "already exists", "name is taken"},
		{"conflict", transport.ServiceDevOps, 409, `{"message":"VS402371: A project with name Demo already exists.","typeKey":"ProjectAlreadyExistsException"}`,
			"VS402371", "Demo", "name is taken"},
		{"plain text", "GitHub", 502, "Bad gateway", "", "Bad gateway", ""},
		{"secret in message is redacted", transport.ServiceGraph, 400, `{"error":{"code":"BadRequest","message":"bad value clientSecret=abc8Q~Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fEdC"}}`,
			"BadRequest", "bad value", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := transport.ParseError(tt.service, tt.status, []byte(tt.body))
			if e.Code != tt.code || !strings.Contains(e.Message, tt.message) {
				t.Errorf("code %q message %q, want %q and %q", e.Code, e.Message, tt.code, tt.message)
			}
			if tt.suggests == "" != (e.Suggestion == "") || !strings.Contains(e.Suggestion, tt.suggests) {
				t.Errorf("suggestion %q, want one containing %q", e.Suggestion, tt.suggests)
			}
			if strings.Contains(e.Error(), "8Q~") {
				t.Errorf("error text holds a secret: %s", e.Error())
			}
		})
	}
}

func TestFromResponseNamesTheServiceAndOperation(t *testing.T) {
	u, _ := url.Parse("https://graph.microsoft.com/v1.0/applications")
	resp := &http.Response{StatusCode: 403, Request: &http.Request{URL: u},
		Body: io.NopCloser(strings.NewReader(`{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges."}}`))}
	e := transport.FromResponse(resp, "", `create app registration "ALMAcceleratorServicePrincipal"`)
	want := `create app registration "ALMAcceleratorServicePrincipal": Microsoft Graph answered 403 Authorization_RequestDenied: Insufficient privileges.`
	if !strings.HasPrefix(e.Error(), want) || e.Transient() || e.NotFound() {
		t.Errorf("Error() = %q", e.Error())
	}
}
