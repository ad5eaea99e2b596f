package powerplatform

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"almwiz/providers/auth"
	"almwiz/providers/transport"
)

// Service names in errors, as transport.APIError expects them.
const (
	servicePowerPlatform = transport.ServicePowerPlatform
	serviceDataverse     = transport.ServiceDataverse
	serviceGitHub        = transport.ServiceGitHub
)

// maxBody bounds what almwiz reads from one response (solution zips are
// a few megabytes).
const maxBody = 256 << 20

// request is one call: where, what, on whose behalf and, for errors, why.
type request struct {
	service string            // servicePowerPlatform, serviceDataverse or serviceGitHub
	op      string            // what almwiz was doing, e.g. `create environment "contoso-test"`
	method  string            // HTTP method
	url     string            // absolute URL with its query
	body    any               // JSON body or nil
	header  map[string]string // extra headers
	tokens  auth.TokenSource  // nil sends no Authorization
	// retrySafe lets the transport repeat a POST or PATCH after a 5xx or a
	// dropped connection: only for writes whose repetition changes nothing
	// (setting a value, or a create whose duplicate this package adopts).
	retrySafe bool
	// refusedHeader, when set, receives the headers of a refusal (status 400
	// or more), for a caller that honours its Retry-After.
	refusedHeader *http.Header
}

// response is a finished call that the service answered with a success status.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs r and reads the answer; a status of 400 or more comes back
// as a *transport.APIError. Request bodies never appear in errors.
func (c *Client) send(ctx context.Context, r request) (*response, error) {
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s: read the answer: %w", r.op, err)
	}
	if resp.StatusCode >= 400 {
		if r.refusedHeader != nil {
			*r.refusedHeader = resp.Header
		}
		return nil, apiError(r.service, r.op, resp.StatusCode, data, c.ep.Cloud.AdminCenterHost)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func (c *Client) newRequest(ctx context.Context, r request) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		data, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("%s: encode the request: %w", r.op, err)
		}
		body = bytes.NewReader(data)
	}
	if r.retrySafe {
		ctx = transport.RetrySafe(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.op, err)
	}
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.tokens != nil {
		tok, err := r.tokens.Token(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: sign in: %w", r.op, err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return req, nil
}

// decode reads a JSON answer into out.
func (r *response) decode(op string, out any) error {
	if err := json.Unmarshal(r.body, out); err != nil {
		return fmt.Errorf("%s: read the answer: %w", op, err)
	}
	return nil
}
