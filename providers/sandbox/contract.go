package sandbox

import (
	"net/http"

	"almwiz/providers/sandbox/contract"
)

// Violations are the requests the sandbox found outside the official API
// descriptions since it started (see package contract); a reset keeps them.
func (s *Server) Violations() []contract.Violation { return s.contract.Violations() }

// TakeViolations returns the violations and forgets them, for a test that
// breaks the contract on purpose.
func (s *Server) TakeViolations() []contract.Violation { return s.contract.Take() }

// FailOnViolations fails t at cleanup when the sandbox recorded a request
// outside the contract. Every test that starts a sandbox calls it.
func FailOnViolations(t contract.TB, s *Server) {
	t.Helper()
	contract.FailOnViolations(t, s.Violations)
}

func (s *Server) handleViolations(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Violations())
}
