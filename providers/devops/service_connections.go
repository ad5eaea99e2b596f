package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/serviceendpoint"

	"almwiz/providers/transport"
)

// ServiceConnectionSpec is a Power Platform service connection (type
// powerplatform-spn) for one environment, signing in as the ALM Accelerator's
// service principal.
type ServiceConnectionSpec struct {
	EnvironmentURL string // e.g. https://contoso-test.crm.dynamics.com/ — also its name
	TenantID       string
	ApplicationID  string
	ClientSecret   string // never logged, never in an error
	Description    string // of a connection this call creates; an existing one keeps its own
	// UpdateSecret rewrites an existing connection with ClientSecret
	// (rotation). Without it an existing connection for the same
	// application is left alone: its secret cannot be read back to compare.
	UpdateSecret bool
}

// name is the connection's name and URL: the environment URL with a
// trailing slash, as the pipeline templates look it up.
func (s ServiceConnectionSpec) name() string {
	return strings.TrimRight(s.EnvironmentURL, "/") + "/"
}

func (s ServiceConnectionSpec) endpoint(p *core.TeamProject) *serviceendpoint.ServiceEndpoint {
	n := s.name()
	return &serviceendpoint.ServiceEndpoint{Name: &n, Url: &n, Type: ptr("powerplatform-spn"), IsShared: ptr(false), Description: &s.Description,
		Authorization: &serviceendpoint.EndpointAuthorization{Scheme: ptr("None"), Parameters: &map[string]string{
			"tenantId": s.TenantID, "applicationId": s.ApplicationID, "clientSecret": s.ClientSecret}},
		ServiceEndpointProjectReferences: &[]serviceendpoint.ServiceEndpointProjectReference{{Name: &n,
			ProjectReference: &serviceendpoint.ProjectReference{Id: p.Id, Name: p.Name}}}}
}

// EnsureServiceConnection creates the environment's service connection in
// the project. An existing one for the same tenant and application is left
// alone unless spec.UpdateSecret; one for another application, or with
// UpdateSecret, is updated in place and keeps its id (and so its pipeline
// permissions and roles). It returns the connection id.
func (c *Client) EnsureServiceConnection(ctx context.Context, project string, spec ServiceConnectionSpec) (string, Outcome, error) {
	name := spec.name()
	e, err := c.findServiceConnection(ctx, project, name)
	if err != nil {
		return "", Found, err
	}
	if e != nil && !spec.UpdateSecret && sameIdentity(e, spec) {
		return e.Id.String(), Found, nil
	}
	p, err := c.core.GetProject(ctx, core.GetProjectArgs{ProjectId: &project})
	if err != nil {
		return "", Found, fmt.Errorf("look up project %q for service connection %q: %w", project, name, c.apiError(err))
	}
	if e == nil {
		return c.createServiceConnection(ctx, project, spec, p)
	}
	// The body carries the endpoint's id, as every update path of
	// microsoft/terraform-provider-azuredevops sends it
	// (azuredevops/internal/service/serviceendpoint/commons.go, doBaseExpansion).
	body := spec.endpoint(p)
	body.Id, body.Description = e.Id, e.Description
	_, err = c.endpoint.UpdateServiceEndpoint(ctx, serviceendpoint.UpdateServiceEndpointArgs{EndpointId: e.Id, Endpoint: body})
	if err != nil {
		return "", Found, fmt.Errorf("update service connection %q: %w", name, c.apiError(err))
	}
	return e.Id.String(), Updated, nil
}

func (c *Client) createServiceConnection(ctx context.Context, project string, spec ServiceConnectionSpec, p *core.TeamProject) (string, Outcome, error) {
	name := spec.name()
	// A repeated create answers 400 "already exists", so retrying cannot make two.
	e, err := c.endpoint.CreateServiceEndpoint(transport.RetrySafe(ctx), serviceendpoint.CreateServiceEndpointArgs{Endpoint: spec.endpoint(p)})
	if isDuplicate(err) {
		if e, ferr := c.findServiceConnection(ctx, project, name); ferr == nil && e != nil {
			return e.Id.String(), Found, nil
		}
	}
	if err != nil {
		return "", Found, fmt.Errorf("create service connection %q: %w", name, c.apiError(err))
	}
	return e.Id.String(), Created, nil
}

// sameIdentity reports whether e signs in as spec's application in spec's tenant.
func sameIdentity(e *serviceendpoint.ServiceEndpoint, spec ServiceConnectionSpec) bool {
	if e.Authorization == nil || e.Authorization.Parameters == nil || !strings.EqualFold(val(e.Type), "powerplatform-spn") {
		return false
	}
	p := *e.Authorization.Parameters
	return strings.EqualFold(p["applicationId"], spec.ApplicationID) && strings.EqualFold(p["tenantId"], spec.TenantID)
}

// findServiceConnection is the project's connection named name, or nil.
func (c *Client) findServiceConnection(ctx context.Context, project, name string) (*serviceendpoint.ServiceEndpoint, error) {
	es, err := c.endpoint.GetServiceEndpointsByNames(ctx, serviceendpoint.GetServiceEndpointsByNamesArgs{Project: &project, EndpointNames: &[]string{name}})
	if err != nil {
		return nil, fmt.Errorf("look up service connection %q: %w", name, c.apiError(err))
	}
	for i := range *es {
		if strings.EqualFold(val((*es)[i].Name), name) {
			return &(*es)[i], nil
		}
	}
	return nil, nil
}
