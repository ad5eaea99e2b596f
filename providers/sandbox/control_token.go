package sandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// ControlTokenName is the file, beside ca.pem, that holds the token the
// control endpoints require (mode 0600: only the user who started the
// sandbox can read it). Without it, any local user could read the secrets
// the sandbox issued (/_sandbox/inventory?secrets=true) or reset it.
const ControlTokenName = "control-token"

// loadControlToken reads the control token beside the CA file, or makes
// (and writes) a new one, so a restarted sandbox keeps it.
func (s *Server) loadControlToken() error {
	path := s.ControlTokenFile()
	if data, err := os.ReadFile(path); err == nil {
		if tok := strings.TrimSpace(string(data)); len(tok) == 64 {
			s.controlToken = tok
			return nil
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("sandbox control token: %w", err)
	}
	s.controlToken = hex.EncodeToString(b)
	if err := writeFileAtomic(path, []byte(s.controlToken+"\n"), 0o600); err != nil {
		return fmt.Errorf("sandbox control token: %w", err)
	}
	return nil
}

// ControlToken is the bearer token the control endpoints require.
func (s *Server) ControlToken() string { return s.controlToken }

// ControlTokenFile is where the control token is written: beside ca.pem.
func (s *Server) ControlTokenFile() string {
	return filepath.Join(filepath.Dir(s.caFile), ControlTokenName)
}

// needsControlToken says whether path is a control endpoint that only the
// holder of the control token may call: all of them but the cloud table,
// which almwiz reads before it knows where the sandbox keeps its files.
func needsControlToken(path string) bool {
	return strings.HasPrefix(path, emulator.PrefixControl+"/") && path != emulator.PrefixControl+"/endpoints"
}

// controlAllowed checks the request's "Authorization: Bearer <token>".
func (s *Server) controlAllowed(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.controlToken)) == 1
}

func writeControlRefusal(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{
		"code":    "ControlTokenRequired",
		"message": "the sandbox's control endpoints need Authorization: Bearer <token>, the token in the control-token file beside the sandbox's ca.pem",
	}})
}

// controlTokenTransport adds the control token to requests for the
// sandbox's control endpoints, and to nothing else.
type controlTokenTransport struct {
	next  http.RoundTripper
	host  func() string
	token func() string
}

// RoundTrip sends req, with the control token when it is for a control
// endpoint of this sandbox.
func (t *controlTokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == t.host() && needsControlToken(req.URL.Path) && req.Header.Get("Authorization") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+t.token())
	}
	return t.next.RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of the transport below.
func (t *controlTokenTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
