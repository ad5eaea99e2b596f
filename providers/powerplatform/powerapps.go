package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// PowerApps API versions: apps and their permissions as the
// Microsoft.PowerApps.Administration.PowerShell module calls them,
// connections and connectors as the CoE CLI did.
const (
	apiVersionApps        = "2020-06-01"
	apiVersionConnections = "2016-11-01"
)

// powerAppsURL is a PowerApps API URL under Microsoft.PowerApps; extra is
// added to the query as is (already encoded).
func (c *Client) powerAppsURL(path, apiVersion, extra string) string {
	u := c.ep.PowerApps() + "/providers/Microsoft.PowerApps/" + path + "?api-version=" + apiVersion
	if extra != "" {
		u += "&" + extra
	}
	return u
}

// environmentFilter is $filter=environment eq '<env>', encoded.
func environmentFilter(envName string) string {
	return "$filter=" + strings.ReplaceAll(url.QueryEscape("environment eq "+quote(envName)), "+", "%20")
}

// App is a canvas app as the PowerApps API lists it.
type App struct {
	Name        string // the app id, used in PowerApps API routes
	DisplayName string
	LogicalName string // the canvas app's Dataverse name, e.g. cat_poweropsdevopsedition_7f3f4
}

type appDTO struct {
	Name       string `json:"name"`
	Properties struct {
		DisplayName string `json:"displayName"`
		LogicalName string `json:"logicalName"`
	} `json:"properties"`
}

// FindApp finds a canvas app of an environment by display name ("ALM
// Accelerator for Power Platform") or logical name.
func (c *Client) FindApp(ctx context.Context, envName, name string) (App, bool, error) {
	op := fmt.Sprintf("find app %q in environment %s", name, envName)
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", tokens: c.adminTokens(),
		url: c.powerAppsURL("scopes/admin/environments/"+url.PathEscape(envName)+"/apps", apiVersionApps, "")})
	if err != nil {
		return App{}, false, err
	}
	var list rows[appDTO]
	if err := resp.decode(op, &list); err != nil {
		return App{}, false, err
	}
	for _, a := range list.Value {
		if strings.EqualFold(a.Properties.DisplayName, name) || strings.EqualFold(a.Properties.LogicalName, name) {
			return App{Name: a.Name, DisplayName: a.Properties.DisplayName, LogicalName: a.Properties.LogicalName}, true, nil
		}
	}
	return App{}, false, nil
}
