package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/location"
)

// ProjectCollectionAdmin reports whether the signed-in identity is a direct
// member of the organization's Project Collection Administrators, for the
// preflight. It sees direct membership only: an admin who is one through an
// Entra group reads as false, so the preflight should warn, not stop. (The
// sandbox records memberships but enforces no permission.)
func (c *Client) ProjectCollectionAdmin(ctx context.Context) (bool, error) {
	cd, err := c.location.GetConnectionData(ctx, location.GetConnectionDataArgs{})
	if err != nil {
		return false, fmt.Errorf("read the signed-in identity: %w", c.apiError(err))
	}
	if cd.AuthenticatedUser == nil || val(cd.AuthenticatedUser.SubjectDescriptor) == "" {
		return false, fmt.Errorf("read the signed-in identity: Azure DevOps named none")
	}
	pca, err := c.findGroup(ctx, "", &[]string{"vssgp"}, func(g graph.GraphGroup) bool {
		return strings.EqualFold(val(g.PrincipalName), "["+c.org+`]\Project Collection Administrators`)
	})
	if err != nil || pca == nil {
		return false, c.apiErrorOr(err, "find Project Collection Administrators: no such group")
	}
	user := val(cd.AuthenticatedUser.SubjectDescriptor)
	err = c.membership(ctx, graph.GetMembershipArgs{SubjectDescriptor: &user, ContainerDescriptor: &pca.Descriptor})
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check membership of Project Collection Administrators: %w", c.apiError(err))
	}
	return true, nil
}
