package transport_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"almwiz/providers/transport"
)

// Clients built from one trust (the sandbox's, shared by every client of a
// session) must not write to it: HTTP/2 sets NextProtos on its transport's
// TLS config, which raced between clients built at the same time.
func TestNewLeavesTheCallersTLSConfigAlone(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	tlsConfig := srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	tlsConfig.NextProtos = nil
	resp, err := transport.New(transport.Options{TLS: tlsConfig}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(tlsConfig.NextProtos) != 0 {
		t.Errorf("the caller's TLS config was changed: NextProtos %v", tlsConfig.NextProtos)
	}
}
