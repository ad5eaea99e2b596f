package devops

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/extensionmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/identity"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/location"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/memberentitlementmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/pipelinepermissions"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/security"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/serviceendpoint"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"

	"almwiz/providers/auth"
	"almwiz/providers/transport"
)

// Client provisions one Azure DevOps organization. It is safe for
// concurrent use.
type Client struct {
	org      string // the organization's name, as in its URL
	poll     time.Duration
	core     core.Client
	ops      operations.Client
	git      git.Client
	build    build.Client
	agent    taskagent.Client
	endpoint serviceendpoint.Client
	perms    pipelinepermissions.Client
	ext      extensionmanagement.Client
	security security.Client
	graph    graph.Client
	identity identity.Client
	entitle  memberentitlementmanagement.Client
	location location.Client
	roles    *azuredevops.Client // securityroles: the SDK has no area client for it
	// agentRaw reaches the distributedtask locations the SDK has no method
	// for (resource limits).
	agentRaw *azuredevops.Client
}

// Option changes how New builds a Client.
type Option func(*options)

type options struct {
	http transport.Options
	poll time.Duration
}

// WithHTTPOptions sets the transport policy (retries, delays, debug log);
// New fills in TLS.
func WithHTTPOptions(o transport.Options) Option { return func(x *options) { x.http = o } }

// WithPollInterval sets how often long-running operations are polled
// (default 2 s).
func WithPollInterval(d time.Duration) Option { return func(x *options) { x.poll = d } }

// New connects to the organization at orgURL (e.g.
// https://dev.azure.com/contoso) and its extension-management host
// extMgmtURL, signing every request in with a token from tokens.
// tlsConfig is the trust for both hosts; nil uses the system's roots.
func New(ctx context.Context, orgURL, extMgmtURL string, tokens auth.TokenSource, tlsConfig *tls.Config, opts ...Option) (*Client, error) {
	o := options{poll: 2 * time.Second}
	for _, fn := range opts {
		fn(&o)
	}
	o.http.TLS = tlsConfig
	token, err := tokens.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("sign in to Azure DevOps organization %s: %w", orgURL, err)
	}
	conn := azuredevops.NewPatConnection(orgURL, "")
	conn.AuthorizationString = "Bearer " + token // bearer replaces it on every request
	conn.TlsConfig = tlsConfig
	b := newBearer(transport.New(o.http).Transport, tokens, orgURL, extMgmtURL)
	hc := &http.Client{Transport: b}
	c := &Client{org: orgName(orgURL), poll: o.poll}
	if err := c.connect(ctx, conn, hc, b, extMgmtURL); err != nil {
		return nil, err
	}
	return c, nil
}

// orgName is the last path segment of an organization URL.
func orgName(orgURL string) string {
	u, err := url.Parse(strings.TrimRight(orgURL, "/"))
	if err != nil {
		return orgURL
	}
	return path.Base(u.Path)
}

// connect discovers which host serves each area (GET _apis/ResourceAreas,
// as the SDK's own NewClient functions do) and builds every area client on
// the shared http.Client.
func (c *Client) connect(ctx context.Context, conn *azuredevops.Connection, hc *http.Client, b *bearer, extMgmtURL string) error {
	sdk := func(base string) *azuredevops.Client {
		return azuredevops.NewClientWithOptions(conn, strings.ToLower(strings.TrimRight(base, "/")), azuredevops.WithHTTPClient(hc))
	}
	root := sdk(conn.BaseUrl)
	areas, err := root.GetResourceAreas(ctx)
	if err != nil {
		return fmt.Errorf("connect to Azure DevOps organization %s: %w", c.org, c.apiError(err))
	}
	for _, a := range *areas {
		if a.LocationUrl != nil {
			b.allow(*a.LocationUrl) // the organization's own service hosts
		}
	}
	at := func(id uuid.UUID) *azuredevops.Client {
		for _, a := range *areas {
			if a.Id != nil && *a.Id == id && a.LocationUrl != nil {
				return sdk(*a.LocationUrl)
			}
		}
		return root
	}
	ext := at(extensionmanagement.ResourceAreaId)
	if extMgmtURL != "" {
		ext = sdk(extMgmtURL)
	}
	c.core, c.ops, c.git = &core.ClientImpl{Client: *root}, &operations.ClientImpl{Client: *root}, &git.ClientImpl{Client: *at(git.ResourceAreaId)}
	c.build, c.agent = &build.ClientImpl{Client: *at(build.ResourceAreaId)}, &taskagent.ClientImpl{Client: *at(taskagent.ResourceAreaId)}
	c.endpoint = &serviceendpoint.ClientImpl{Client: *at(serviceendpoint.ResourceAreaId)}
	c.perms = &pipelinepermissions.ClientImpl{Client: *at(pipelinepermissions.ResourceAreaId)}
	c.ext, c.security = &extensionmanagement.ClientImpl{Client: *ext}, &security.ClientImpl{Client: *root}
	c.graph, c.identity = &graph.ClientImpl{Client: *at(graph.ResourceAreaId)}, &identity.ClientImpl{Client: *at(identity.ResourceAreaId)}
	c.location, c.roles = &location.ClientImpl{Client: *root}, root
	c.entitle = &memberentitlementmanagement.ClientImpl{Client: *at(memberentitlementmanagement.ResourceAreaId)}
	c.agentRaw = at(taskagent.ResourceAreaId)
	return nil
}

// Organization is the organization's name as in its URL.
func (c *Client) Organization() string { return c.org }

// bearer signs every request in with the token source's current token, so a
// token refreshed after the SDK clients were built is still used — but only
// a request to a host of the organization (its URL, its extension-management
// host and the hosts its resource areas name). A redirect to any other host
// goes without a token, as Go's own client does for the headers it copies.
type bearer struct {
	next   http.RoundTripper
	tokens auth.TokenSource
	mu     sync.RWMutex
	hosts  map[string]bool // scheme://host[:port], lower case
}

func newBearer(next http.RoundTripper, tokens auth.TokenSource, urls ...string) *bearer {
	b := &bearer{next: next, tokens: tokens, hosts: map[string]bool{}}
	for _, u := range urls {
		b.allow(u)
	}
	return b
}

// allow lets requests to rawURL's scheme and host carry the token.
func (b *bearer) allow(rawURL string) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hosts[origin(u)] = true
}

func (b *bearer) allowed(u *url.URL) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.hosts[origin(u)]
}

func origin(u *url.URL) string { return strings.ToLower(u.Scheme + "://" + u.Host) }

// RoundTrip sets the Authorization header on a request to the
// organization's hosts, removes it from any other, and sends req.
func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if !b.allowed(req.URL) {
		r.Header.Del("Authorization") // the SDK sets it on every request
		return b.next.RoundTrip(r)
	}
	token, err := b.tokens.Token(req.Context())
	if err != nil {
		return nil, fmt.Errorf("get an Azure DevOps token: %w", err)
	}
	r.Header.Set("Authorization", "Bearer "+token)
	return b.next.RoundTrip(r)
}

// retrySafe marks ctx so the transport may repeat a write that cannot
// change anything twice (see transport.RetrySafe).
func retrySafe(ctx context.Context) context.Context { return transport.RetrySafe(ctx) }

// ptr returns a pointer to v, for the SDK's optional fields.
func ptr[T any](v T) *T { return &v }

// val dereferences p, or gives the zero value for nil.
func val[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
