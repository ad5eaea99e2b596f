package entra

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"almwiz/providers/auth"
)

// A next-page link to another host is not followed: almwiz would send its
// Graph token there.
func TestANextLinkToAnotherHostIsNotFollowed(t *testing.T) {
	stolen := make(chan string, 1)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen <- r.Header.Get("Authorization")
		_, _ = w.Write([]byte(`{"value":[]}`))
	}))
	defer other.Close()
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"value":[],"@odata.nextLink":"` + other.URL + `/v1.0/groups?$skiptoken=x"}`))
	}))
	defer graph.Close()
	tokens := auth.TokenFunc(func(context.Context) (string, error) { return "graph-token", nil })
	c := New(graph.Client(), tokens, graph.URL+"/v1.0")
	_, _, err := c.EnsureGroup(context.Background(), "ALM Accelerator Makers", "", "")
	select {
	case h := <-stolen:
		t.Fatalf("the next link was followed; the other host got Authorization %q", h)
	default:
	}
	if err == nil || !strings.Contains(err.Error(), "does not send its token there") {
		t.Errorf("EnsureGroup() = %v, want the link refused", err)
	}
}
