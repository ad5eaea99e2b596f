package devops

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// state is everything the emulator holds; it is what Snapshot persists.
type state struct {
	Orgs       map[string]*organization `json:"organizations"` // by lower-case name
	Operations map[string]*operation    `json:"operations"`    // by id, across organizations
}

// organization is one Azure DevOps organization and everything in it.
type organization struct {
	Name              string                    `json:"name"`
	ID                string                    `json:"id"`
	Tenant            string                    `json:"tenant,omitempty"`
	Projects          []*project                `json:"projects"`
	Repositories      []*repository             `json:"repositories"`
	Imports           []*importRequest          `json:"importRequests"`
	Definitions       []*buildDefinition        `json:"buildDefinitions"`
	Queues            []*agentQueue             `json:"queues"`
	Endpoints         []*serviceEndpoint        `json:"serviceEndpoints"`
	VariableGroups    []*variableGroup          `json:"variableGroups"`
	Permissions       []*pipelinePermissions    `json:"pipelinePermissions"`
	Extensions        []*installedExtension     `json:"extensions"`
	ACLs              []*accessControlList      `json:"accessControlLists"`
	Roles             []*roleAssignment         `json:"roleAssignments"`
	Groups            []*graphGroup             `json:"groups"`
	ServicePrincipals []*graphServicePrincipal  `json:"servicePrincipals"`
	Memberships       []*membership             `json:"memberships"`
	Identities        []*identity               `json:"identities"`
	GroupEntitlements []*groupEntitlement       `json:"groupEntitlements,omitempty"`
	Settings          organizationSettings      `json:"settings"`
	ProjectConfig     map[string]*projectConfig `json:"projectSettings"`           // by project id
	EntraGroupsSeen   map[string]time.Time      `json:"entraGroupsSeen,omitempty"` // origin id → first asked for
	Counters          counters                  `json:"counters"`
	// HostedParallelism overrides the world's Microsoft-hosted parallel
	// jobs (see hostedParallelism).
	HostedParallelism *int `json:"hostedParallelism,omitempty"`
}

// counters hand out the integer ids the real service numbers per organization.
type counters struct {
	Definition    int `json:"definition"`
	VariableGroup int `json:"variableGroup"`
	Queue         int `json:"queue"`
	Import        int `json:"import"`
}

func newState() *state {
	return &state{Orgs: map[string]*organization{}, Operations: map[string]*operation{}}
}

// org returns the organization called name, creating it on first use as the
// sandbox serves any organization name.
func (s *Service) org(name string) *organization {
	key := strings.ToLower(name)
	if o, ok := s.st.Orgs[key]; ok {
		return o
	}
	o := &organization{Name: name, ID: newID(), ProjectConfig: map[string]*projectConfig{},
		Settings: organizationSettings{EnforceJobAuthScope: true, EnforceJobAuthScopeForReleases: true, EnforceReferencedRepoScopedToken: true}}
	o.addCollectionGroups()
	s.st.Orgs[key] = o
	return o
}

// newID returns a random version-4 UUID.
func newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// sameName compares Azure DevOps names, which are case-insensitive.
func sameName(a, b string) bool { return strings.EqualFold(a, b) }

func lower(s string) string { return strings.ToLower(s) }
