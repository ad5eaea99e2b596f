// Package emulator is the contract between the sandbox server and the emulated
// Microsoft services it hosts: sign-in, Microsoft Graph, Azure DevOps and
// Power Platform. Each service is an independent package that mounts its routes
// under a fixed path prefix on the sandbox's single HTTPS server, keeps its own
// state behind its own lock, and reports that state for the inventory,
// persistence and seeding. The server wraps every route with the shared
// behaviour (request log, latency, fault injection), so services never do.
package emulator

import (
	"fmt"
	"net/http"
	"time"
)

// Path prefixes of the emulated services on the sandbox's one HTTPS host.
// GET /_sandbox/endpoints publishes them as absolute URLs.
const (
	PrefixLogin               = "/login"       // authority of a tenant: <base>/login/<tenant>
	PrefixGraph               = "/graph"       // Graph: <base>/graph/v1.0/...
	PrefixDevOps              = "/devops"      // organization: <base>/devops/<org>
	PrefixExtensionManagement = "/extmgmt"     // extension management: <base>/extmgmt/<org>
	PrefixVSSPS               = "/vssps"       // Azure DevOps identity and graph area: <base>/vssps/<org>
	PrefixVSAEX               = "/vsaex"       // Azure DevOps member entitlement management: <base>/vsaex/<org>
	PrefixAccounts            = "/app-vssps"   // Azure DevOps profiles and accounts (app.vssps.visualstudio.com), no organization: <base>/app-vssps/_apis/...
	PrefixPowerPlatformAdmin  = "/bap"         // <base>/bap/providers/Microsoft.BusinessAppPlatform/...
	PrefixPowerApps           = "/powerapps"   // <base>/powerapps/providers/Microsoft.PowerApps/...
	PrefixDataverse           = "/dataverse"   // environment https://<host>/ at <base>/dataverse/<host>/
	PrefixGitHub              = "/github"      // GitHub releases API stand-in: <base>/github/repos/...
	PrefixControl             = "/_sandbox"    // control and inspection endpoints
	PrefixApproval            = "/devicelogin" // local page that approves device codes
)

// Well-known resource identifiers used as token audiences.
const (
	AudienceGraph         = "https://graph.microsoft.com"
	AudienceDevOps        = "499b84ac-1321-427f-aa17-267ca6975798"
	AudiencePowerPlatform = "https://service.powerapps.com/" // admin API and PowerApps API
)

// Service is one emulated Microsoft service.
type Service interface {
	// Name is the service's short name: "identity", "graph", "devops", "powerplatform".
	Name() string
	// Register mounts the service's routes on mux, all under its own prefixes.
	Register(mux *http.ServeMux)
	// Inventory returns every resource the service holds, keyed by kind
	// (e.g. "applications", "projects"). With secrets false, secret values
	// (client secrets, secret variables, tokens) must be left out.
	Inventory(secrets bool) map[string]any
	// Seed creates what an install profile declares as already existing.
	Seed(Seed) error
	// Reset forgets everything, as if the sandbox had just started empty.
	Reset()
	// Snapshot and Restore persist the service's state across restarts.
	Snapshot() ([]byte, error)
	Restore([]byte) error
}

// Env is what the sandbox server hands every service when it builds it.
type Env struct {
	// Tokens signs and verifies the access tokens the sign-in service issues.
	Tokens *TokenIssuer
	// Now is the sandbox clock (tests may move it).
	Now func() time.Time
	// ReplicationLag is how long a newly created directory object stays
	// invisible to reads (Graph); zero turns it off. Read it on every create.
	ReplicationLag func() time.Duration
	// OperationDelay is how long a long-running operation (project creation,
	// repository import, environment creation, solution import) stays
	// unfinished; zero finishes on the first poll.
	OperationDelay func() time.Duration
	// TokenLifetime is how long the access tokens the sign-in service issues
	// live; nil or zero means an hour. The "expire" fault shortens it so
	// clients must refresh.
	TokenLifetime func() time.Duration
	// DeviceCodeApproval is how long a device code waits before the sandbox
	// approves it as if the user had signed in; nil or zero means a second,
	// negative means only the approval page approves it.
	DeviceCodeApproval func() time.Duration
	// World is what a tenant, organization or environment looks like when
	// the sandbox creates it on first use or by a seed; the zero value is
	// WorldFresh.
	World World
}

// World names the state a sandbox's tenants start in, so one install can be
// tried against a brand-new tenant and against one that has lived a while.
type World string

const (
	// WorldFresh is a real new demo tenant: no service principals for the
	// Microsoft resources the accelerator uses (they appear on first consent
	// in the portal), an Azure DevOps organization with no extensions and
	// the organization settings a new organization gets, environments in
	// English.
	WorldFresh World = "fresh"
	// WorldLivedIn is a tenant that has been used: the admin signs in as a
	// guest (B2B) from another tenant, environments are created with German
	// as their base language, an app registration with the accelerator's
	// name exists without a uniqueName, and repositories in YAML pipelines
	// are protected.
	WorldLivedIn World = "lived-in"
)

// Worlds lists every world, for flags and tests.
var Worlds = []World{WorldFresh, WorldLivedIn}

// ParseWorld reads a world's name; "" is WorldFresh.
func ParseWorld(name string) (World, error) {
	switch World(name) {
	case "", WorldFresh:
		return WorldFresh, nil
	case WorldLivedIn:
		return WorldLivedIn, nil
	}
	return "", fmt.Errorf("unknown sandbox world %q: use %q or %q", name, WorldFresh, WorldLivedIn)
}

// LivedIn reports whether the sandbox models a lived-in tenant.
func (e Env) LivedIn() bool { return e.World == WorldLivedIn }

// BaseURL is the scheme and host of the request as the client addressed it,
// e.g. "https://127.0.0.1:8443". Services build every absolute URL they return
// from it, so a sandbox behind any loopback port answers consistently.
func BaseURL(r *http.Request) string {
	return "https://" + r.Host
}

// Seed lists what already exists before an install, as a profile declares it.
type Seed struct {
	Tenants       []SeedTenant       `json:"tenants,omitempty"`
	Organizations []SeedOrganization `json:"organizations,omitempty"`
	Environments  []SeedEnvironment  `json:"environments,omitempty"`
}

// SeedTenant is a Microsoft Entra tenant by its domain and optional id.
type SeedTenant struct {
	Domain string `json:"domain"`
	ID     string `json:"id,omitempty"`
	// Home marks the tenant that holds the app registration (the profile's
	// identity.tenant); a lived-in world keeps an earlier install's app there.
	Home bool `json:"home,omitempty"`
}

// SeedOrganization is an Azure DevOps organization with its existing projects.
type SeedOrganization struct {
	Name     string   `json:"name"`
	Tenant   string   `json:"tenant,omitempty"` // domain of the backing tenant
	Projects []string `json:"projects,omitempty"`
}

// SeedEnvironment is an existing Power Platform environment with Dataverse.
type SeedEnvironment struct {
	URL         string `json:"url"` // https://<host>/
	DisplayName string `json:"displayName,omitempty"`
	Tenant      string `json:"tenant,omitempty"`
	Type        string `json:"type,omitempty"`   // Sandbox, Production, Trial, Developer
	Region      string `json:"region,omitempty"` // e.g. unitedstates
}
