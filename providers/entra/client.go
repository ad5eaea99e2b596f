package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/transport"
)

// Client calls Microsoft Graph for one tenant.
type Client struct {
	http   *http.Client
	tokens auth.TokenSource
	base   string // e.g. https://graph.microsoft.com/v1.0
	wait   backoff
}

// New returns a Graph client. graphBase is the v1.0 base URL
// (cloud.Endpoints.Graph()); tokens must hand out Microsoft Graph tokens for
// the tenant.
func New(httpClient *http.Client, tokens auth.TokenSource, graphBase string) *Client {
	return &Client{
		http: httpClient, tokens: tokens, base: strings.TrimSuffix(graphBase, "/"),
		wait: backoff{first: time.Second, max: 16 * time.Second, attempts: 8},
	}
}

// call is one Graph request: what it does, in an admin's words, and the Entra
// role that may do it (for the suggestion on a 403).
type call struct {
	method string
	path   string // relative to the v1.0 base, or an absolute nextLink
	body   any
	header map[string]string
	op     string
	role   role
	// retrySafe: repeating the request cannot create or change anything
	// twice, so the transport may retry it after a 5xx or a dropped
	// connection (an upsert, a $ref add whose repeat answers "already exist").
	retrySafe bool
}

// do sends c and decodes a JSON answer into out (when out is not nil and the
// answer has a body). It returns the status of a successful answer.
func (c *Client) do(ctx context.Context, cl call, out any) (int, error) {
	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", cl.op, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return resp.StatusCode, decodeError(resp, cl)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return resp.StatusCode, nil
	}
	// The error never quotes the body: it may hold a secret (addPassword).
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return resp.StatusCode, fmt.Errorf("%s: Microsoft Graph answered %d with a body almwiz cannot read", cl.op, resp.StatusCode)
	}
	return resp.StatusCode, nil
}

func (c *Client) newRequest(ctx context.Context, cl call) (*http.Request, error) {
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: get a Microsoft Graph token: %w", cl.op, err)
	}
	var body io.Reader
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("%s: encode the request: %w", cl.op, err)
		}
		body = bytes.NewReader(b)
	}
	if cl.retrySafe {
		ctx = transport.RetrySafe(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.url(cl.path), body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cl.op, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	return req, nil
}

func (c *Client) url(path string) string {
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		return path
	}
	return c.base + path
}

// quote makes s an OData string literal: single quotes doubled, then
// escaped for a URL path or query.
func quote(s string) string {
	return url.PathEscape(literal(s))
}

// filter is a $filter query for prop eq 'value'.
func filter(prop, value string) string {
	return filterQuery(prop + " eq '" + literal(value) + "'")
}

// filterQuery is expr as a $filter query parameter (spaces as %20).
func filterQuery(expr string) string {
	return "$filter=" + strings.ReplaceAll(url.QueryEscape(expr), "+", "%20")
}

// literal doubles single quotes for an OData string literal.
func literal(s string) string { return strings.ReplaceAll(s, "'", "''") }
