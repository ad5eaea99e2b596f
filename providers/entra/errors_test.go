package entra

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"almwiz/providers/transport"
)

// decodeErrorOf builds the error for a Graph answer with this status and body.
func decodeErrorOf(t *testing.T, status int, body string, r role) *transport.APIError {
	t.Helper()
	resp := &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
	e := apiError(decodeError(resp, call{op: "grant consent", role: r}))
	if e == nil {
		t.Fatal("not an *transport.APIError")
	}
	return e
}

func TestDeniedErrorsNameTheEntraRoleNeeded(t *testing.T) {
	t.Parallel()
	denied := `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}`
	cases := []struct {
		name string
		role role
		want string
	}{
		{"registering an app needs an application administrator", roleApps, "Cloud Application Administrator"},
		{"granting consent needs a privileged role administrator", roleConsent, "Privileged Role Administrator or Global Administrator"},
		{"making a group needs a groups administrator", roleGroups, "Groups Administrator or User Administrator"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeErrorOf(t, 403, denied, tc.role)
			if !strings.Contains(e.Suggestion, tc.want) || e.Code != "Authorization_RequestDenied" || e.Status != 403 {
				t.Errorf("error = %+v", e)
			}
		})
	}
}

func TestNoBackingApplicationObjectIsReadFromTheDetails(t *testing.T) {
	t.Parallel()
	resp := &http.Response{StatusCode: 400, Body: io.NopCloser(strings.NewReader(
		`{"error":{"code":"Request_BadRequest","message":"The appId 'x' of the service principal does not reference a valid application object.","details":[{"code":"NoBackingApplicationObject","target":"appId"}]}}`))}
	ge, ok := decodeError(resp, call{op: "create"}).(*graphError)
	if !ok || !ge.hasDetail("NoBackingApplicationObject") || ge.Status != 400 {
		t.Errorf("error = %#v", ge)
	}
}
