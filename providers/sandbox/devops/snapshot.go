package devops

import (
	"encoding/json"
	"fmt"

	"almwiz/providers/sandbox/emulator"
)

// Snapshot returns the whole state as JSON, secrets included.
func (s *Service) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return json.Marshal(s.st)
}

// Restore replaces the state with a Snapshot; operations and imports keep
// their ids and due times, so clients can re-attach.
func (s *Service) Restore(b []byte) error {
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("restore devops state: %w", err)
	}
	if st.Orgs == nil {
		st.Orgs = map[string]*organization{}
	}
	if st.Operations == nil {
		st.Operations = map[string]*operation{}
	}
	for _, o := range st.Orgs {
		if o.ProjectConfig == nil {
			o.ProjectConfig = map[string]*projectConfig{}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// Seed creates the organizations and projects a profile says already exist;
// their projects are complete at once.
func (s *Service) Seed(seed emulator.Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, so := range seed.Organizations {
		if so.Name == "" {
			return fmt.Errorf("seed devops: organization without a name")
		}
		o := s.org(so.Name)
		o.Tenant = so.Tenant
		for _, name := range so.Projects {
			if o.project(name) != nil {
				continue
			}
			if msg := validProjectName(name); msg != "" {
				return fmt.Errorf("seed devops project %q: %s", name, msg)
			}
			var in projectCreation
			in.Name = name
			in.Capabilities.ProcessTemplate = map[string]string{"templateTypeId": processes[0].ID}
			s.addProject(o, in, "wellFormed")
		}
	}
	return nil
}
