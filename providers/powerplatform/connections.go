package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Connection is a connection to a connector, owned by whoever signed in to make it.
type Connection struct {
	Name        string // the connection's id: what a connection reference is bound to
	API         string // the connector, e.g. shared_webcontents
	DisplayName string
	OwnerID     string // Entra object id of the person who made it
	Connected   bool   // its status is Connected (signed in, consented)
}

type connectionDTO struct {
	Name       string `json:"name"`
	Properties struct {
		APIID       string `json:"apiId"`
		DisplayName string `json:"displayName"`
		CreatedBy   struct {
			ID string `json:"id"`
		} `json:"createdBy"`
		Statuses []struct {
			Status string `json:"status"`
		} `json:"statuses"`
	} `json:"properties"`
}

func (d connectionDTO) connection() Connection {
	c := Connection{Name: d.Name, API: lastSegment(d.Properties.APIID), DisplayName: d.Properties.DisplayName,
		OwnerID: d.Properties.CreatedBy.ID}
	c.Connected = len(d.Properties.Statuses) > 0
	for _, s := range d.Properties.Statuses {
		c.Connected = c.Connected && s.Status == "Connected"
	}
	return c
}

// Connections lists the connections to apiName (e.g. shared_webcontents) in
// an environment. Pick the installing admin's with OwnedBy.
func (c *Client) Connections(ctx context.Context, envName, apiName string) ([]Connection, error) {
	op := fmt.Sprintf("list %s connections in environment %s", apiName, envName)
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", tokens: c.adminTokens(),
		url: c.powerAppsURL("apis/"+url.PathEscape(apiName)+"/connections", apiVersionConnections, environmentFilter(envName))})
	if err != nil {
		return nil, err
	}
	var list rows[connectionDTO]
	if err := resp.decode(op, &list); err != nil {
		return nil, err
	}
	out := make([]Connection, 0, len(list.Value))
	for _, d := range list.Value {
		out = append(out, d.connection())
	}
	return out, nil
}

// OwnedBy is the first connected connection of conns owned by the person
// with Entra object id ownerID.
func OwnedBy(conns []Connection, ownerID string) (Connection, bool) {
	for _, c := range conns {
		if c.Connected && strings.EqualFold(c.OwnerID, ownerID) {
			return c, true
		}
	}
	return Connection{}, false
}

// makerHosts are the maker portals by cloud name (the sandbox maps to
// public, so its links look like the real ones).
var makerHosts = map[string]string{
	"public": "make.powerapps.com", "usgov": "make.gov.powerapps.us", "usgov-high": "make.high.powerapps.us",
	"dod": "make.apps.appsplatform.us", "china": "make.powerapps.cn",
}

// ConnectionsPage is the maker portal's list of an environment's connections,
// where "+ New connection" creates one. On a sandbox it is the sandbox's
// stand-in page, where the admin (ownerID, ownerName) creates each
// connection with one click.
func (c *Client) ConnectionsPage(envName, ownerID, ownerName string) string {
	if c.ep.Sandbox {
		q := url.Values{"owner": {ownerID}, "ownerName": {ownerName}}
		return c.ep.PowerApps() + "/maker/environments/" + url.PathEscape(envName) + "/connections?" + q.Encode()
	}
	host := firstNonEmpty(makerHosts[c.ep.Cloud.Name], makerHosts["public"])
	return "https://" + host + "/environments/" + url.PathEscape(envName) + "/connections"
}

// ConnectionLink is the maker-portal page where an admin creates a missing
// connection to apiName in an environment: a connection needs a person to
// sign in and consent, which almwiz cannot do for them.
func (c *Client) ConnectionLink(envName, apiName string) string {
	host := firstNonEmpty(makerHosts[c.ep.Cloud.Name], makerHosts["public"])
	return "https://" + host + "/environments/" + url.PathEscape(envName) +
		"/connections/available?apiName=" + url.QueryEscape(apiName)
}
