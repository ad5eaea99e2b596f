package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"almwiz/providers/transport"
)

// graphGet reads one Graph resource (path relative to /v1.0) as the signed-in
// identity into out.
func (s *Signer) graphGet(ctx context.Context, tenant, path string, out any) error {
	return s.graphGetURL(ctx, tenant, s.o.Endpoints.Graph()+path, out)
}

func (s *Signer) graphGetURL(ctx context.Context, tenant, url string, out any) error {
	token, err := s.Source(tenant, s.graphAudience()).Token(ctx)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("build Graph request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := s.o.HTTPClient.Do(req)
	if err != nil {
		return wrapRedacted("call Microsoft Graph", err)
	}
	if resp.StatusCode != http.StatusOK {
		return transport.FromResponse(resp, transport.ServiceGraph, "read "+strings.TrimPrefix(url, s.o.Endpoints.Graph()))
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("read Graph answer: %w", err)
	}
	return nil
}

// graphList reads every page of a Graph collection.
func (s *Signer) graphList(ctx context.Context, tenant, path string) ([]map[string]any, error) {
	var all []map[string]any
	next := s.o.Endpoints.Graph() + path
	for next != "" {
		var page struct {
			Value    []map[string]any `json:"value"`
			NextLink string           `json:"@odata.nextLink"`
		}
		if err := s.graphGetURL(ctx, tenant, next, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Value...)
		if page.NextLink != "" {
			// The next page is read with the token: only on Graph's host.
			if err := transport.CheckSameHost(s.o.Endpoints.Graph(), page.NextLink); err != nil {
				return nil, fmt.Errorf("read %s: %w", path, err)
			}
		}
		next = page.NextLink
	}
	return all, nil
}

// graphAudience is Microsoft Graph's token audience in this cloud.
func (s *Signer) graphAudience() string {
	if s.o.Endpoints.Cloud.GraphHost == "" {
		return ResourceGraph
	}
	return s.o.Endpoints.GraphAudience()
}
