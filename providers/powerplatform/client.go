package powerplatform

import (
	"net/http"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
)

// TokenSources hands out a token source for one resource (token audience):
// cloud.Endpoints.AdminAudience() for the admin and PowerApps APIs, the
// environment URL for its Dataverse.
type TokenSources func(audience string) auth.TokenSource

// Client calls the Power Platform admin API, the PowerApps API and the
// GitHub releases of one cloud, and opens a Dataverse client per
// environment. It is safe for concurrent use.
type Client struct {
	ep     cloud.Endpoints
	http   *http.Client
	tokens TokenSources

	// PollInterval is the wait between polls of a long-running operation
	// when the service does not say (no Retry-After); default 5 s.
	PollInterval time.Duration
}

// New returns a client for the endpoints ep, sending requests through hc
// (see transport.New) with tokens from tokens.
func New(ep cloud.Endpoints, hc *http.Client, tokens TokenSources) *Client {
	return &Client{ep: ep, http: hc, tokens: tokens, PollInterval: 5 * time.Second}
}

// adminTokens is the token source of the admin and PowerApps APIs.
func (c *Client) adminTokens() auth.TokenSource { return c.tokens(c.ep.AdminAudience()) }

// Outcome says what an ensure found and did.
type Outcome string

// Outcomes of an ensure: the resource was already as wanted, was created,
// or existed and was changed.
const (
	Found   Outcome = "found"
	Created Outcome = "created"
	Updated Outcome = "updated"
)
