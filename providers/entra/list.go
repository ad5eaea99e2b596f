package entra

import "context"

// page is one page of a Graph collection.
type page[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// list reads every page of a collection, following @odata.nextLink.
func list[T any](ctx context.Context, c *Client, cl call) ([]T, error) {
	var all []T
	for cl.path != "" {
		var p page[T]
		if _, err := c.do(ctx, cl, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Value...)
		cl.path = p.NextLink
	}
	return all, nil
}
