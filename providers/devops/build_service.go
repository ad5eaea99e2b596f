package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/identity"
)

// Identity is an Azure DevOps identity such as a build service account.
type Identity struct {
	ID          string // identity id, for role assignments
	Descriptor  string // identity descriptor, for access control entries
	DisplayName string
}

// BuildServiceIdentities are the two accounts the accelerator's pipelines
// run as: "<project> Build Service (<org>)" first, then "Project Collection
// Build Service (<org>)".
func (c *Client) BuildServiceIdentities(ctx context.Context, project string) ([]Identity, error) {
	var out []Identity
	for _, name := range []string{project + " Build Service (" + c.org + ")", "Project Collection Build Service (" + c.org + ")"} {
		id, err := c.findIdentity(ctx, name)
		if err != nil {
			return nil, err
		}
		out = append(out, *id)
	}
	return out, nil
}

// findIdentity searches identities by display name and keeps the exact
// (case-insensitive) match.
func (c *Client) findIdentity(ctx context.Context, name string) (*Identity, error) {
	ids, err := c.identity.ReadIdentities(ctx, identity.ReadIdentitiesArgs{SearchFilter: ptr("General"), FilterValue: &name})
	if err != nil {
		return nil, fmt.Errorf("look up identity %q: %w", name, c.apiError(err))
	}
	for _, id := range *ids {
		if strings.EqualFold(val(id.ProviderDisplayName), name) || strings.EqualFold(val(id.CustomDisplayName), name) {
			return &Identity{ID: id.Id.String(), Descriptor: val(id.Descriptor), DisplayName: name}, nil
		}
	}
	return nil, fmt.Errorf("look up identity %q: organization %s has none by that name", name, c.org)
}
