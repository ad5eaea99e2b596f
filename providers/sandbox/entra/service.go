package entra

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// Service is the emulated Entra ID: sign-in plus Microsoft Graph.
type Service struct {
	env emulator.Env
	mu  sync.Mutex
	st  *state
}

// New returns an empty Entra service using env's token issuer and clock.
func New(env emulator.Env) *Service {
	if env.Tokens == nil {
		env.Tokens = emulator.NewTokenIssuer(nil, env.Now)
	}
	return &Service{env: env, st: newState()}
}

// Name is "entra".
func (s *Service) Name() string { return "entra" }

// Register mounts sign-in, Graph, the approval page and the entra control route.
func (s *Service) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+emulator.PrefixLogin+"/{tenant}/v2.0/.well-known/openid-configuration", s.handleDiscovery)
	mux.HandleFunc("POST "+emulator.PrefixLogin+"/{tenant}/oauth2/v2.0/devicecode", s.handleDeviceCode)
	mux.HandleFunc("POST "+emulator.PrefixLogin+"/{tenant}/oauth2/v2.0/token", s.handleToken)
	mux.HandleFunc(emulator.PrefixGraph+"/v1.0/", s.handleGraph)
	mux.HandleFunc(emulator.PrefixApproval, s.handleApprovalPage)
	mux.HandleFunc("POST "+emulator.PrefixControl+"/entra/service-principal", s.handleControlServicePrincipal)
	mux.HandleFunc("POST "+emulator.PrefixControl+"/entra/break", s.handleControlBreak)
}

// Reset forgets every tenant, token and device code.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
}

// Snapshot returns the whole state as JSON.
func (s *Service) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := json.Marshal(s.st)
	if err != nil {
		return nil, fmt.Errorf("snapshot entra: %w", err)
	}
	return b, nil
}

// Restore replaces the state with a snapshot.
func (s *Service) Restore(b []byte) error {
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("restore entra: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// Seed creates the tenants a profile declares.
func (s *Service) Seed(seed emulator.Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range seed.Tenants {
		if t.Domain == "" {
			return fmt.Errorf("seed tenant: domain is required")
		}
		s.seedTenant(t)
	}
	return nil
}

// seedTenant ensures the tenant exists, with the declared id when one is
// given; a lived-in home tenant also holds an earlier install's app.
func (s *Service) seedTenant(st emulator.SeedTenant) {
	t := s.seededTenant(st)
	if st.Home && s.env.LivedIn() {
		s.addEarlierInstallApp(t)
	}
}

func (s *Service) seededTenant(t emulator.SeedTenant) *tenant {
	if t.ID == "" {
		return s.tenantFor(t.Domain)
	}
	if existing := s.tenantByID(t.ID); existing != nil {
		return existing
	}
	for id, existing := range s.st.Tenants {
		if existing.Domain == strings.ToLower(t.Domain) {
			delete(s.st.Tenants, id) // created on first use under a derived id
		}
	}
	return s.addTenant(t.ID, t.Domain)
}

func (s *Service) now() time.Time {
	if s.env.Now != nil {
		return s.env.Now()
	}
	return time.Now()
}

func (s *Service) lag() time.Duration {
	if s.env.ReplicationLag != nil {
		return s.env.ReplicationLag()
	}
	return 0
}
