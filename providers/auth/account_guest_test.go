package auth_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"almwiz/providers/auth"
	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

// graphGet reads a Graph resource as the signer's identity in tenant.
func (r *rig) graphGet(t *testing.T, s *auth.Signer, path string, out any) {
	t.Helper()
	token, err := s.Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, r.ends.Graph()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := r.client.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, resp, err)
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(out)
}

func TestAGuestAdminIsKnownByTheirObjectIDInTheTenantSignedInTo(t *testing.T) {
	r := newRig(t, sandbox.Options{World: emulator.WorldLivedIn})
	var me struct {
		ID  string `json:"id"`
		UPN string `json:"userPrincipalName"`
	}
	var org struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	first := r.signer(false, nil)
	r.graphGet(t, first, "/me", &me)
	r.graphGet(t, first, "/organization", &org)
	if !strings.Contains(me.UPN, "#EXT#@") {
		t.Fatalf("the lived-in admin is %q, want a guest", me.UPN)
	}
	for name, s := range map[string]*auth.Signer{"this run": first, "a later run from the token cache": r.signer(false, nil)} {
		acct, err := s.Account(ctx(t), tenant)
		if err != nil {
			t.Fatal(err)
		}
		if acct.ObjectID != me.ID || acct.Tenant != org.Value[0].ID {
			t.Errorf("%s: account = %+v, want object id %s (from /me) in tenant %s, not the home tenant's", name, acct, me.ID, org.Value[0].ID)
		}
		if acct.UPN == "" || strings.Contains(acct.UPN, "#EXT#") {
			t.Errorf("%s: UPN = %q, want the address the guest signs in with", name, acct.UPN)
		}
	}
	if n := len(r.deviceCodes()); n != 1 {
		t.Errorf("device codes = %d, want one sign-in", n)
	}
}
