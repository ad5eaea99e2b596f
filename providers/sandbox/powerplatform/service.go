package powerplatform

import (
	"net/http"
	"sync"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// Service emulates the Power Platform admin API, the PowerApps API, the
// Dataverse Web API of every environment and the GitHub releases that carry
// the solutions the installer imports.
type Service struct {
	env emulator.Env
	mu  sync.Mutex
	st  *state
}

// New returns an empty Power Platform service that signs and verifies tokens,
// reads the clock and times long-running operations through env.
func New(env emulator.Env) *Service {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.OperationDelay == nil {
		env.OperationDelay = func() time.Duration { return 0 }
	}
	return &Service{env: env, st: newState()}
}

// Name is "powerplatform".
func (s *Service) Name() string { return "powerplatform" }

// Register mounts the admin API, the PowerApps API, Dataverse and the GitHub
// stand-in on mux.
func (s *Service) Register(mux *http.ServeMux) {
	s.registerEnvironments(mux)
	s.registerOperations(mux)
	s.registerAdminApplications(mux)
	s.registerDLPPolicies(mux)
	s.registerApps(mux)
	s.registerConnections(mux)
	s.registerBreakControl(mux)
	s.registerMakerPage(mux)
	s.registerCustomConnectors(mux)
	s.registerConnectorPermissions(mux)
	s.registerDataverse(mux)
	s.registerGitHub(mux)
}

// locked runs fn under the service lock after finishing every long-running
// operation that is due, so every request sees the same settled state.
func (s *Service) locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	fn()
}

var _ emulator.Service = (*Service)(nil)
