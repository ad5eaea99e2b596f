package transport

import (
	"net/url"
	"strings"
)

// Names of the services almwiz calls, as errors and progress text say them.
const (
	ServiceGraph         = "Microsoft Graph"
	ServiceEntra         = "Microsoft Entra"
	ServiceDevOps        = "Azure DevOps"
	ServicePowerPlatform = "Power Platform"
	ServiceDataverse     = "Dataverse"
	ServiceGitHub        = "GitHub"
)

// serviceRule recognises a service by a host fragment or by the path prefix
// the sandbox serves it under.
type serviceRule struct {
	host, path, name string
}

// serviceRules is checked in order; the first match names the service.
var serviceRules = []serviceRule{
	{host: "graph.", path: "/graph/", name: ServiceGraph},
	{host: "login.", path: "/login/", name: ServiceEntra},
	{host: "dev.azure.com", path: "/devops/", name: ServiceDevOps},
	{host: "visualstudio.com", path: "/extmgmt/", name: ServiceDevOps},
	{host: "vssps.", path: "/vssps/", name: ServiceDevOps},
	{host: "api.bap.", path: "/bap/", name: ServicePowerPlatform},
	{host: "powerapps.", path: "/powerapps/", name: ServicePowerPlatform},
	{host: ".dynamics.", path: "/dataverse/", name: ServiceDataverse},
	{host: "github", path: "/github/", name: ServiceGitHub},
}

// ServiceOf names the Microsoft service a URL belongs to, for a real cloud
// or a sandbox; an unknown URL is named by its host.
func ServiceOf(u *url.URL) string {
	if u == nil {
		return "the service"
	}
	host := strings.ToLower(u.Hostname())
	for _, r := range serviceRules {
		if strings.Contains(host, r.host) || strings.HasPrefix(u.Path, r.path) {
			return r.name
		}
	}
	return host
}
