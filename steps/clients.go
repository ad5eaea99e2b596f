package steps

import (
	"context"
	"net/http"
	"sync"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/entra"
	"almwiz/providers/powerplatform"
	"almwiz/providers/transport"
)

// Clients hands the ALM steps the provider clients they call: one Graph
// client per tenant, one Azure DevOps client per organization, one Power
// Platform client per tenant. Clients are made on first use and shared.
type Clients struct {
	Endpoints cloud.Endpoints
	Signer    *auth.Signer
	HTTP      *http.Client      // from transport.New
	Transport transport.Options // for the Azure DevOps SDK's own clients

	mu     sync.Mutex
	entra  map[string]*entra.Client
	devops map[string]*devops.Client
	pp     map[string]*powerplatform.Client
}

// Entra returns the Graph client of tenant (a domain or id).
func (c *Clients) Entra(tenant string) *entra.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entra == nil {
		c.entra = map[string]*entra.Client{}
	}
	if cl, ok := c.entra[tenant]; ok {
		return cl
	}
	cl := entra.New(c.HTTP, c.Signer.Source(tenant, c.Endpoints.GraphAudience()), c.Endpoints.Graph())
	c.entra[tenant] = cl
	return cl
}

// DevOps returns the client of the Azure DevOps organization org, signed in
// to tenant.
func (c *Clients) DevOps(ctx context.Context, tenant, org string) (*devops.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.devops == nil {
		c.devops = map[string]*devops.Client{}
	}
	if cl, ok := c.devops[org]; ok {
		return cl, nil
	}
	opts := []devops.Option{devops.WithHTTPOptions(c.Transport)}
	cl, err := devops.New(ctx, c.Endpoints.Organization(org), c.Endpoints.ExtensionManagement(org),
		c.Signer.Source(tenant, cloud.AudienceDevOps), c.Endpoints.TLS, opts...)
	if err != nil {
		return nil, err
	}
	c.devops[org] = cl
	return cl, nil
}

// PowerPlatform returns the Power Platform client of tenant.
func (c *Clients) PowerPlatform(tenant string) *powerplatform.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pp == nil {
		c.pp = map[string]*powerplatform.Client{}
	}
	if cl, ok := c.pp[tenant]; ok {
		return cl
	}
	cl := powerplatform.New(c.Endpoints, c.HTTP, func(audience string) auth.TokenSource {
		return c.Signer.Source(tenant, audience)
	})
	c.pp[tenant] = cl
	return cl
}
