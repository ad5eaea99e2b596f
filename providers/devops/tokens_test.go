package devops

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"almwiz/providers/auth"
)

// An organization (or anything between almwiz and it) that redirects to
// another host must not receive almwiz's Azure DevOps token there.
func TestTheTokenNeverFollowsARedirectToAnotherHost(t *testing.T) {
	got := make(chan string, 1)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Authorization")
	}))
	defer other.Close()
	org := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	}))
	defer org.Close()
	tokens := auth.TokenFunc(func(context.Context) (string, error) { return "devops-token", nil })
	hc := &http.Client{Transport: newBearer(http.DefaultTransport, tokens, org.URL+"/contoso")}
	req, _ := http.NewRequest(http.MethodGet, org.URL+"/contoso/_apis/projects", nil)
	req.Header.Set("Authorization", "Bearer devops-token") // as the SDK sets it
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := <-got; h != "" {
		t.Errorf("the other host received Authorization %q", h)
	}
}

// Listing the admin's organizations sends the token to the accounts host
// only: a redirect of profiles/me to another host reaches it without one.
func TestOrganizationsSendTheTokenToTheAccountsHostOnly(t *testing.T) {
	got := make(chan string, 1)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- r.Header.Get("Authorization"):
		default:
		}
		http.Error(w, "no", http.StatusNotFound)
	}))
	defer other.Close()
	accounts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions { // the SDK's location discovery
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"count":1,"value":[{"id":"f83735dc-483f-4238-a291-d45f6080a9af","area":"profile","resourceName":"profiles",` +
				`"routeTemplate":"_apis/{area}/{resource}/{id}","resourceVersion":3,"minVersion":"1.0","maxVersion":"7.2","releasedVersion":"0.0"}]}`))
			return
		}
		if r.Header.Get("Authorization") != "Bearer devops-token" {
			t.Errorf("%s %s reached the accounts host without the token", r.Method, r.URL)
		}
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	}))
	defer accounts.Close()
	tokens := auth.TokenFunc(func(context.Context) (string, error) { return "devops-token", nil })
	if _, err := Organizations(context.Background(), accounts.URL, tokens, nil); err == nil {
		t.Fatal("the redirect to a 404 was taken for a profile")
	}
	if h := <-got; h != "" {
		t.Errorf("the other host received Authorization %q", h)
	}
}
