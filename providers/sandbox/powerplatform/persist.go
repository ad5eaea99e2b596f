package powerplatform

import (
	"encoding/json"
	"fmt"
)

// Reset forgets every environment, organisation, connection and registration.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
}

// Snapshot returns the whole state as JSON.
func (s *Service) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := json.Marshal(s.st)
	if err != nil {
		return nil, fmt.Errorf("snapshot power platform state: %w", err)
	}
	return data, nil
}

// Restore replaces the state with a snapshot.
func (s *Service) Restore(data []byte) error {
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return fmt.Errorf("restore power platform state: %w", err)
	}
	st.fillNilMaps()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// fillNilMaps makes a restored state as usable as a new one.
func (st *state) fillNilMaps() {
	fresh := newState()
	if st.Environments == nil {
		st.Environments = fresh.Environments
	}
	if st.Operations == nil {
		st.Operations = fresh.Operations
	}
	if st.AdminApplications == nil {
		st.AdminApplications = fresh.AdminApplications
	}
	if st.Orgs == nil {
		st.Orgs = fresh.Orgs
	}
	if st.DLPPolicies == nil {
		st.DLPPolicies = fresh.DLPPolicies
	}
	for _, o := range st.Orgs {
		if o.Tables == nil {
			o.Tables = map[string][]record{}
		}
	}
}
