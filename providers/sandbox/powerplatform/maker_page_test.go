package powerplatform

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

// A person rehearsing on the sandbox creates the connections from the
// stand-in maker page, owned by the admin the link names.
func TestMakerPageCreatesTheAdminsConnection(t *testing.T) {
	s := New(emulator.Env{Tokens: emulator.NewTokenIssuer(nil, nil)})
	if err := s.Seed(emulator.Seed{Environments: []emulator.SeedEnvironment{{URL: "https://contoso-alm.crm.dynamics.com/", DisplayName: "host"}}}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	page := srv.URL + "/powerapps/maker/environments/https%3A%2F%2Fcontoso-alm.crm.dynamics.com%2F/connections"
	resp, err := http.Get(page + "?owner=oid-1&ownerName=admin%40contoso.onmicrosoft.com")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Create a Microsoft Dataverse (legacy) connection") {
		t.Fatalf("page: %s", body)
	}
	resp, err = http.PostForm(page, url.Values{"api": {"shared_commondataservice"}, "owner": {"oid-1"}, "ownerName": {"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Created a shared_commondataservice connection") {
		t.Errorf("after create: %s", body)
	}
	raw, _ := json.Marshal(s.Inventory(false)["connections"])
	var list []map[string]any
	if json.Unmarshal(raw, &list); len(list) != 1 || !strings.Contains(string(raw), "oid-1") {
		t.Errorf("connections: %s", raw)
	}
}
