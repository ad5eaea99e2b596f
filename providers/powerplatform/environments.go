package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Admin API versions: the environment routes as the Terraform provider
// calls them, management apps as New-PowerAppManagementApp does.
const (
	apiVersionEnvironments   = "2023-06-01"
	apiVersionManagementApps = "2020-06-01"
)

// Environment is a Power Platform environment as the admin API reports it.
type Environment struct {
	Name              string // the environment id (a GUID), used by the admin and PowerApps APIs
	DisplayName       string
	Location          string // e.g. unitedstates, europe
	Type              string // environmentSku: Sandbox, Production, Trial, Developer
	ProvisioningState string // Creating, Succeeded, Deleting…
	DomainName        string // the Dataverse URL's first label, e.g. contoso-test
	URL               string // the Dataverse instance URL (https://…/), empty until Dataverse is ready
	Description       string // kept as given at creation (terraform-provider-power-platform fixture get_environment: "description")
}

// Ready reports whether the environment is provisioned with its Dataverse.
func (e Environment) Ready() bool { return e.ProvisioningState == "Succeeded" && e.URL != "" }

// environmentDTO is the admin API's environment (EnvironmentDto).
type environmentDTO struct {
	Name       string `json:"name"`
	Location   string `json:"location"`
	Properties struct {
		DisplayName               string `json:"displayName"`
		Description               string `json:"description"`
		EnvironmentSku            string `json:"environmentSku"`
		ProvisioningState         string `json:"provisioningState"`
		LinkedEnvironmentMetadata *struct {
			DomainName  string `json:"domainName"`
			InstanceURL string `json:"instanceUrl"`
		} `json:"linkedEnvironmentMetadata"`
	} `json:"properties"`
}

func (d environmentDTO) environment() Environment {
	p := d.Properties
	e := Environment{Name: d.Name, DisplayName: p.DisplayName, Location: d.Location, Type: p.EnvironmentSku,
		ProvisioningState: p.ProvisioningState, Description: p.Description}
	if m := p.LinkedEnvironmentMetadata; m != nil {
		e.DomainName, e.URL = m.DomainName, m.InstanceURL
	}
	return e
}

// adminURL is an admin API URL under Microsoft.BusinessAppPlatform.
func (c *Client) adminURL(path, apiVersion string) string {
	return c.ep.PowerPlatformAdmin() + "/providers/Microsoft.BusinessAppPlatform/" + path + "?api-version=" + apiVersion
}

// ListEnvironments lists every environment the signed-in administrator can manage.
func (c *Client) ListEnvironments(ctx context.Context) ([]Environment, error) {
	const op = "list Power Platform environments"
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET",
		url: c.adminURL("scopes/admin/environments", apiVersionEnvironments), tokens: c.adminTokens()})
	if err != nil {
		return nil, err
	}
	var list struct {
		Value []environmentDTO `json:"value"`
	}
	if err := resp.decode(op, &list); err != nil {
		return nil, err
	}
	out := make([]Environment, 0, len(list.Value))
	for _, d := range list.Value {
		out = append(out, d.environment())
	}
	return out, nil
}

// FindEnvironment finds an environment by its Dataverse URL
// (https://contoso-test.crm.dynamics.com/) or domain name (contoso-test).
// One still provisioning may not show its domain yet: to decide whether to
// create, use FindEnvironmentFor.
func (c *Client) FindEnvironment(ctx context.Context, urlOrDomain string) (Environment, bool, error) {
	envs, err := c.ListEnvironments(ctx)
	if err != nil {
		return Environment{}, false, fmt.Errorf("find environment %q: %w", urlOrDomain, err)
	}
	host, domain := environmentKey(urlOrDomain)
	for _, e := range envs {
		if (host != "" && sameHost(e.URL, host)) || (domain != "" && strings.EqualFold(e.DomainName, domain)) {
			return e, true, nil
		}
	}
	return Environment{}, false, nil
}

// FindEnvironmentFor finds the environment spec asks for: by domain name,
// or, while one is still provisioning and shows no Dataverse yet, by display
// name — so a run that crashed between CreateEnvironment and its checkpoint
// finds the environment instead of asking for a second one.
func (c *Client) FindEnvironmentFor(ctx context.Context, spec Spec) (Environment, bool, error) {
	envs, err := c.ListEnvironments(ctx)
	if err != nil {
		return Environment{}, false, fmt.Errorf("find environment %q: %w", spec.DomainName, err)
	}
	for _, e := range envs {
		if strings.EqualFold(e.DomainName, spec.DomainName) {
			return e, true, nil
		}
	}
	for _, e := range envs {
		if e.DomainName == "" && e.ProvisioningState != "Succeeded" && strings.EqualFold(e.DisplayName, spec.DisplayName) {
			return e, true, nil
		}
	}
	return Environment{}, false, nil
}

// Environment reads one environment by name; found is false when it does not exist.
func (c *Client) Environment(ctx context.Context, name string) (Environment, bool, error) {
	op := fmt.Sprintf("read environment %q", name)
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET",
		url: c.adminURL("scopes/admin/environments/"+url.PathEscape(name), apiVersionEnvironments), tokens: c.adminTokens()})
	if isStatus(err, 404) {
		return Environment{}, false, nil
	}
	if err != nil {
		return Environment{}, false, err
	}
	var d environmentDTO
	if err := resp.decode(op, &d); err != nil {
		return Environment{}, false, err
	}
	return d.environment(), true, nil
}

// environmentKey splits a lookup key into a host (from a URL) or a domain name.
func environmentKey(key string) (host, domain string) {
	if u, err := url.Parse(key); err == nil && u.Host != "" {
		return strings.ToLower(u.Hostname()), ""
	}
	return "", strings.ToLower(strings.TrimSpace(key))
}

// sameHost reports whether instanceURL is served at host.
func sameHost(instanceURL, host string) bool {
	u, err := url.Parse(instanceURL)
	return err == nil && strings.EqualFold(u.Hostname(), host)
}
