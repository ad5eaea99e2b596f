package powerplatform

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// state is everything the service holds; it is persisted as JSON as is.
type state struct {
	Environments      map[string]*environment        `json:"environments"`      // by name (GUID)
	Operations        map[string]*lifecycleOperation `json:"operations"`        // by id
	AdminApplications map[string]*adminApplication   `json:"adminApplications"` // by lower-case app id
	Connections       []*connection                  `json:"connections"`
	AppPermissions    []*appPermission               `json:"appPermissions"`
	Orgs              map[string]*org                `json:"orgs"` // Dataverse by lower-case host
	// DLPPolicies are the policies a control seeded, as the governance API
	// answers them, by lower-case name.
	DLPPolicies map[string]map[string]any `json:"dlpPolicies"`
}

func newState() *state {
	return &state{
		Environments:      map[string]*environment{},
		Operations:        map[string]*lifecycleOperation{},
		AdminApplications: map[string]*adminApplication{},
		Orgs:              map[string]*org{},
		DLPPolicies:       map[string]map[string]any{},
	}
}

// orgForEnvironment returns the Dataverse organisation of an environment, or nil.
func (st *state) orgForEnvironment(name string) *org {
	for _, o := range st.Orgs {
		if strings.EqualFold(o.EnvironmentName, name) {
			return o
		}
	}
	return nil
}

// newGUID returns a random version-4 UUID in its canonical lower-case form.
func newGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// isoTime formats t as the services do: UTC, RFC 3339 with seconds.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// settle finishes every long-running operation whose time has come.
func (s *Service) settle() {
	now := s.env.Now()
	for _, op := range s.st.Operations {
		if op.State == opRunning && !now.Before(op.ReadyAt) {
			s.finishLifecycle(op, now)
		}
	}
	for _, o := range s.st.Orgs {
		s.settleImports(o, now)
	}
}
