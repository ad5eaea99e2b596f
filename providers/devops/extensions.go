package devops

import (
	"context"
	"fmt"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/extensionmanagement"

	"almwiz/providers/transport"
)

// EnsureExtension installs the Marketplace extension publisher.name (e.g.
// microsoft-IsvExpTools.PowerPlatform-BuildTools) in the organization,
// unless it is installed already.
func (c *Client) EnsureExtension(ctx context.Context, publisher, name string) (Outcome, error) {
	what := fmt.Sprintf("extension %s.%s", publisher, name)
	_, err := c.ext.GetInstalledExtensionByName(ctx, extensionmanagement.GetInstalledExtensionByNameArgs{
		PublisherName: &publisher, ExtensionName: &name})
	if err == nil {
		return Found, nil
	}
	if !isNotFound(err) {
		return Found, fmt.Errorf("look up %s: %w", what, c.apiError(err))
	}
	// A repeated install of an installed extension answers 409, so retrying
	// the POST cannot install twice.
	_, err = c.ext.InstallExtensionByName(transport.RetrySafe(ctx), extensionmanagement.InstallExtensionByNameArgs{
		PublisherName: &publisher, ExtensionName: &name})
	if isDuplicate(err) {
		return Found, nil
	}
	if err != nil {
		return Found, fmt.Errorf("install %s: %w", what, c.apiError(err))
	}
	return Created, nil
}
