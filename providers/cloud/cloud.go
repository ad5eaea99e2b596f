// Package cloud resolves where almwiz sends each request: the real hosts of
// a Microsoft cloud, or a sandbox that stands in for them. Profiles always
// hold real-looking names and URLs; with a sandbox as target, Endpoints maps
// them onto it, so the same profile rehearses on the sandbox and then runs
// for real. Token audiences stay the real ones either way.
package cloud

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"almwiz/profiles"
)

// Token audiences (resources) of the services almwiz calls.
const (
	AudienceDevOps = "499b84ac-1321-427f-aa17-267ca6975798"
)

// Endpoints are the base URLs of every service almwiz calls in one cloud.
type Endpoints struct {
	Cloud   profiles.Cloud
	Sandbox bool // the endpoints are a sandbox's; sign-in needs no instance discovery

	login, graph, devops, extensionManagement, vssps, accounts, admin, powerApps, dataverse, github string
	// TLS is the trust for these endpoints; nil uses the system's roots.
	TLS *tls.Config
}

// Public returns the endpoints of a real Microsoft cloud.
func Public(c profiles.Cloud) Endpoints {
	return Endpoints{
		Cloud: c, login: "https://" + c.LoginHost, graph: "https://" + c.GraphHost,
		devops: "https://" + c.DevOpsHost, extensionManagement: "https://extmgmt.dev.azure.com", vssps: "https://vssps.dev.azure.com",
		accounts: "https://app.vssps.visualstudio.com", admin: "https://" + c.PowerPlatformAdmin,
		powerApps: "https://" + c.PowerApps, github: "https://api.github.com",
	}
}

// sandboxTable is the JSON of GET <sandbox>/_sandbox/endpoints.
type sandboxTable struct {
	Login               string `json:"login"`
	Graph               string `json:"graph"`
	DevOps              string `json:"devops"`
	ExtensionManagement string `json:"extensionManagement"`
	VSSPS               string `json:"vssps"`
	Accounts            string `json:"accounts"`
	PowerPlatformAdmin  string `json:"powerPlatformAdmin"`
	PowerApps           string `json:"powerApps"`
	Dataverse           string `json:"dataverse"`
	GitHub              string `json:"github"`
}

// Sandbox reads a sandbox's cloud table from its base URL. caFile is the
// sandbox's CA certificate (PEM); tlsConfig, when not nil, is used instead.
//
// Only a sandbox on this machine's loopback is accepted, and only loopback
// URLs from its table: tokens and the secrets almwiz creates go there.
func Sandbox(ctx context.Context, base, caFile string, tlsConfig *tls.Config) (Endpoints, error) {
	if err := CheckLoopback("the sandbox URL", base); err != nil {
		return Endpoints{}, err
	}
	if tlsConfig == nil {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return Endpoints{}, fmt.Errorf("read the sandbox CA certificate: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return Endpoints{}, fmt.Errorf("%s holds no PEM certificate", caFile)
		}
		tlsConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig}, CheckRedirect: noRedirect}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/_sandbox/endpoints", nil)
	if err != nil {
		return Endpoints{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Endpoints{}, fmt.Errorf("reach the sandbox at %s: %w", base, err)
	}
	defer resp.Body.Close()
	var t sandboxTable
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&t); err != nil || resp.StatusCode != http.StatusOK {
		return Endpoints{}, fmt.Errorf("%s does not look like an almwiz sandbox (GET /_sandbox/endpoints: %s)", base, resp.Status)
	}
	if err := t.checkLoopback(); err != nil {
		return Endpoints{}, err
	}
	ep := FromSandboxTable(t.Login, t.Graph, t.DevOps, t.ExtensionManagement, t.VSSPS, t.PowerPlatformAdmin, t.PowerApps, t.Dataverse, t.GitHub, tlsConfig)
	ep.accounts = t.Accounts
	return ep, nil
}

// checkLoopback refuses a table that sends any service off this machine.
func (t sandboxTable) checkLoopback() error {
	for name, u := range map[string]string{"login": t.Login, "graph": t.Graph, "devops": t.DevOps,
		"extensionManagement": t.ExtensionManagement, "vssps": t.VSSPS, "accounts": t.Accounts, "powerPlatformAdmin": t.PowerPlatformAdmin,
		"powerApps": t.PowerApps, "dataverse": t.Dataverse, "github": t.GitHub} {
		if u == "" && (name == "vssps" || name == "accounts" || name == "github") {
			continue
		}
		if err := CheckLoopback("the sandbox's "+name+" endpoint", u); err != nil {
			return err
		}
	}
	return nil
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// FromSandboxTable builds endpoints from the base URLs a sandbox publishes.
func FromSandboxTable(login, graph, devops, extMgmt, vssps, admin, powerApps, dataverse, github string, tlsConfig *tls.Config) Endpoints {
	return Endpoints{
		Cloud: profiles.Clouds["public"], Sandbox: true, TLS: tlsConfig,
		login: login, graph: graph, devops: devops, extensionManagement: extMgmt, vssps: vssps,
		admin: admin, powerApps: powerApps, dataverse: dataverse, github: github,
	}
}

// Authority is the sign-in authority of tenant (a domain or id).
func (e Endpoints) Authority(tenant string) string { return e.login + "/" + tenant }

// LoginHost is the host the pipeline templates sign in to (the AADHost
// variable): always the real cloud's, even on a sandbox.
func (e Endpoints) LoginHost() string { return e.Cloud.LoginHost }

// Graph is the Microsoft Graph v1.0 base URL.
func (e Endpoints) Graph() string { return e.graph + "/v1.0" }

// GraphAudience is the token audience of Microsoft Graph.
func (e Endpoints) GraphAudience() string { return "https://" + e.Cloud.GraphHost }

// Organization is the base URL of an Azure DevOps organization.
func (e Endpoints) Organization(org string) string { return e.devops + "/" + org }

// Accounts is the base URL of the Azure DevOps profiles and accounts APIs
// (the signed-in user and the organizations they belong to); "" when a
// sandbox does not serve them.
func (e Endpoints) Accounts() string { return e.accounts }

// OrganizationURL is the real URL of organization org, as a profile holds
// it (never the sandbox's).
func (e Endpoints) OrganizationURL(org string) string {
	return "https://" + e.Cloud.DevOpsHost + "/" + org
}

// ExtensionManagement is the extension-management base URL of an organization.
func (e Endpoints) ExtensionManagement(org string) string { return e.extensionManagement + "/" + org }

// PowerPlatformAdmin is the admin (BAP) API base URL.
func (e Endpoints) PowerPlatformAdmin() string { return e.admin }

// PowerApps is the PowerApps API base URL.
func (e Endpoints) PowerApps() string { return e.powerApps }

// AdminAudience is the token audience of the admin and PowerApps APIs.
func (e Endpoints) AdminAudience() string { return e.Cloud.AdminAudience }

// GitHub is the GitHub REST API base URL, for release downloads.
func (e Endpoints) GitHub() string { return e.github }

// Dataverse returns the base URL requests to the environment at envURL go
// to (its Web API is at base + "api/data/v9.2/"), and the token audience
// (always the environment's real URL, without a trailing slash).
func (e Endpoints) Dataverse(envURL string) (base, audience string, err error) {
	u, err := url.Parse(envURL)
	if err != nil || u.Host == "" {
		return "", "", fmt.Errorf("%q is not an environment URL", envURL)
	}
	audience = "https://" + strings.ToLower(u.Host)
	if !e.Sandbox {
		return audience + "/", audience, nil
	}
	return e.dataverse + "/" + strings.ToLower(u.Host) + "/", audience, nil
}
