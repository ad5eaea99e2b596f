package auth_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"almwiz/providers/auth"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestTheDebugLogOfASignInHoldsNoTokenOrSecret(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	var log syncBuffer
	r.client = transport.New(transport.Options{TLS: r.srv.TLSConfig(), Debug: &log})
	t.Cleanup(r.client.CloseIdleConnections)
	env := r.servicePrincipal(t)
	appToken, err := r.signer(false, env).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	userToken, err := r.signer(false, nil).Source(tenant, auth.ResourceGraph).Token(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	got := log.String()
	for name, secret := range map[string]string{"app token": appToken, "user token": userToken, "client secret": env["AZURE_CLIENT_SECRET"], "user code": r.deviceCodes()[0].UserCode} {
		if strings.Contains(got, secret) {
			t.Errorf("the debug log holds the %s", name)
		}
	}
	if !strings.Contains(got, "/oauth2/v2.0/token") || !strings.Contains(got, "/oauth2/v2.0/devicecode") {
		t.Errorf("the debug log lacks the sign-in requests:\n%s", got)
	}
}
