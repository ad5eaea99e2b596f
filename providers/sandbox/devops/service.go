package devops

import (
	"net/http"
	"sync"

	"almwiz/providers/sandbox/emulator"
)

// Service is the emulated Azure DevOps: every organization, project and
// pipeline resource an ALM Accelerator install touches, behind one lock.
type Service struct {
	env emulator.Env
	mu  sync.Mutex
	st  *state
}

var _ emulator.Service = (*Service)(nil)

// New returns an empty Azure DevOps emulator that reads its clock, tokens and
// operation delays from env.
func New(env emulator.Env) *Service {
	if env.Now == nil {
		panic("devops: Env.Now is required")
	}
	return &Service{env: env, st: newState()}
}

// Name is "devops".
func (s *Service) Name() string { return "devops" }

// Register mounts the organization, extension-management, identity and
// accounts hosts.
func (s *Service) Register(mux *http.ServeMux) {
	mux.HandleFunc(emulator.PrefixDevOps+"/", s.handler(hostDevOps))
	mux.HandleFunc(emulator.PrefixExtensionManagement+"/", s.handler(hostExtMgmt))
	mux.HandleFunc(emulator.PrefixVSSPS+"/", s.handler(hostVSSPS))
	mux.HandleFunc(emulator.PrefixVSAEX+"/", s.handler(hostVSAEX))
	s.registerParallelismControl(mux)
	s.registerBreakControl(mux)
	mux.HandleFunc(emulator.PrefixAccounts+"/", s.accountsHandler)
}

// Reset forgets every organization and operation.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
}
