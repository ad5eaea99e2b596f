package entra

import (
	"context"
	"fmt"

	"almwiz/providers/transport"
)

// page is one page of a Graph collection.
type page[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// list reads every page of a collection, following @odata.nextLink — only
// on Graph's own host, so the token never goes elsewhere.
func list[T any](ctx context.Context, c *Client, cl call) ([]T, error) {
	var all []T
	for cl.path != "" {
		var p page[T]
		if _, err := c.do(ctx, cl, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Value...)
		if p.NextLink != "" {
			if err := transport.CheckSameHost(c.base, p.NextLink); err != nil {
				return nil, fmt.Errorf("%s: %w", cl.op, err)
			}
		}
		cl.path = p.NextLink
	}
	return all, nil
}
