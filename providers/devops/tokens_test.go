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
