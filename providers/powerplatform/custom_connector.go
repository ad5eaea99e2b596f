package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Custom connector facts from the ALM Accelerator (alm-docs.md §3.11).
const (
	// CustomConnectorName is the start of the CustomAzureDevOps connector's name.
	CustomConnectorName = "cat_5Fcustomazuredevops"
	// AzureDevOpsResource is the connector's OAuth resource: Azure DevOps.
	AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798"
	// GlobalRedirectURL is the shared redirect URL of Power Platform connectors.
	GlobalRedirectURL = "https://global.consent.azure-apim.net/redirect"
)

// CustomConnector is a custom connector row in Dataverse.
type CustomConnector struct {
	ID         string `json:"connectorid"`
	Name       string `json:"name"`
	InternalID string `json:"connectorinternalid"` // the connector's name in the PowerApps API
}

// CustomConnector finds the custom connector whose name starts with prefix
// (CustomConnectorName), as a solution import created it.
func (d *Dataverse) CustomConnector(ctx context.Context, prefix string) (CustomConnector, bool, error) {
	var list rows[CustomConnector]
	path := query("connectors", "$select", "connectorid,name,connectorinternalid", "$filter", "startswith(name,"+quote(prefix)+")")
	if err := d.get(ctx, fmt.Sprintf("find custom connector %q", prefix), path, &list); err != nil {
		return CustomConnector{}, false, err
	}
	if len(list.Value) == 0 {
		return CustomConnector{}, false, nil
	}
	return list.Value[0], true, nil
}

// ConnectorOAuth is the OAuth 2.0 setting of a custom connector.
type ConnectorOAuth struct {
	Environment  string // environment name (id)
	Connector    string // the connector's InternalID
	ClientID     string // the app registration's application id
	ClientSecret string // its secret: sent once, never logged nor put in an error
	// UniqueRedirect asks for the connector's own redirect URL instead of
	// the global one (then add it to the app registration's redirect URIs).
	UniqueRedirect bool
	// ReplaceSecret writes the secret even when everything else is already
	// set (a connector never gives its secret back, so it cannot be compared).
	ReplaceSecret bool
}

// ConfigureCustomConnector sets the connector's security to OAuth 2.0 with
// Microsoft Entra ID for Azure DevOps, with the given client, and returns
// the redirect URL to register on the app. A connector already set up for
// this client is left alone unless ReplaceSecret.
func (c *Client) ConfigureCustomConnector(ctx context.Context, o ConnectorOAuth) (redirectURL string, _ Outcome, err error) {
	op := fmt.Sprintf("configure custom connector %s for client %s", o.Connector, o.ClientID)
	defer func() { err = redactSecret(err, o.ClientSecret) }()
	u := c.powerAppsURL("apis/"+url.PathEscape(o.Connector), apiVersionConnections, environmentFilter(o.Environment))
	conn, err := c.readConnector(ctx, op, u)
	if err != nil {
		return "", "", err
	}
	params := conn.parameters()
	oauth := oauthSettingsOf(params)
	if !o.ReplaceSecret && o.matches(oauth) {
		return firstNonEmpty(str(oauth["redirectUrl"]), GlobalRedirectURL), Found, nil
	}
	o.apply(oauth, c.ep.LoginHost())
	body, err := c.connectorUpdate(ctx, op, conn, params, o.Environment)
	if err != nil {
		return "", "", err
	}
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "PATCH", url: u, tokens: c.adminTokens(), retrySafe: true,
		body: body})
	if err != nil {
		return "", "", err
	}
	var after connectorDTO
	if err := resp.decode(op, &after); err != nil {
		return "", "", err
	}
	return firstNonEmpty(str(oauthSettingsOf(after.parameters())["redirectUrl"]), GlobalRedirectURL), Updated, nil
}

// connectorDTO is a custom connector as the PowerApps API returns it; its
// properties are kept whole, so that an update sends back what it does
// not change.
type connectorDTO struct {
	Properties map[string]any `json:"properties"`
}

// parameters is properties.connectionParameters, created when missing.
func (d connectorDTO) parameters() map[string]any {
	if d.Properties == nil {
		d.Properties = map[string]any{}
	}
	params, _ := d.Properties["connectionParameters"].(map[string]any)
	if params == nil {
		params = map[string]any{}
		d.Properties["connectionParameters"] = params
	}
	return params
}

// connectorUpdate is the body of the PATCH that updates a custom connector:
// the whole connector, as paconn update (microsoft/PowerPlatformConnectors
// · tools/paconn-cli/paconn/operations/upsert.py) and the CoE CLI's
// fixCustomConnectors (microsoft/coe-starter-kit ·
// coe-cli/src/commands/powerplatform.ts) send it: connection parameters,
// the OpenAPI definition read from originalSwaggerUrl, the backend service,
// the environment, the description and the policy template instances (the
// service replaces what is not sent, so a partial body would drop them).
func (c *Client) connectorUpdate(ctx context.Context, op string, conn connectorDTO, params map[string]any, environment string) (map[string]any, error) {
	defs, _ := conn.Properties["apiDefinitions"].(map[string]any)
	swaggerURL := str(defs["originalSwaggerUrl"])
	if swaggerURL == "" {
		return nil, fmt.Errorf("%s: the connector has no originalSwaggerUrl to read its definition from", op)
	}
	swagger, err := c.connectorSwagger(ctx, op, swaggerURL)
	if err != nil {
		return nil, err
	}
	props := map[string]any{"connectionParameters": params, "openApiDefinition": swagger,
		"environment": map[string]any{"name": environment}}
	for _, key := range []string{"backendService", "description", "policyTemplateInstances", "iconUri", "iconBrandColor", "scriptUri", "capabilities"} {
		if v, ok := conn.Properties[key]; ok && v != nil {
			props[key] = v
		}
	}
	if _, ok := props["backendService"]; !ok {
		props["backendService"] = map[string]any{"serviceUrl": backendServiceURL(swagger)}
	}
	if _, ok := props["policyTemplateInstances"]; !ok {
		props["policyTemplateInstances"] = []any{}
	}
	return map[string]any{"properties": props}, nil
}

// connectorSwagger reads the connector's OpenAPI definition. The URL is a
// storage blob with its own signature, so no token is sent.
func (c *Client) connectorSwagger(ctx context.Context, op, swaggerURL string) (map[string]any, error) {
	if u, err := url.Parse(swaggerURL); err != nil || u.Scheme != "https" {
		return nil, fmt.Errorf("%s: originalSwaggerUrl is not an https URL", op)
	}
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op + ": read its OpenAPI definition", method: "GET", url: swaggerURL})
	if err != nil {
		return nil, err
	}
	var swagger map[string]any
	if err := resp.decode(op, &swagger); err != nil {
		return nil, err
	}
	if swagger["swagger"] == nil {
		return nil, fmt.Errorf("%s: originalSwaggerUrl did not give an OpenAPI 2.0 definition", op)
	}
	return swagger, nil
}

// backendServiceURL is scheme://host/basePath of an OpenAPI definition, as paconn builds it.
func backendServiceURL(swagger map[string]any) string {
	scheme := "https"
	if list, ok := swagger["schemes"].([]any); ok && len(list) > 0 {
		scheme = fmt.Sprint(list[0])
	}
	return scheme + "://" + str(swagger["host"]) + str(swagger["basePath"])
}

// readConnector reads the connector whole.
func (c *Client) readConnector(ctx context.Context, op, u string) (connectorDTO, error) {
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", url: u, tokens: c.adminTokens()})
	if err != nil {
		return connectorDTO{}, err
	}
	var d connectorDTO
	if err := resp.decode(op, &d); err != nil {
		return connectorDTO{}, err
	}
	if d.Properties == nil {
		d.Properties = map[string]any{}
	}
	return d, nil
}

// oauthSettingsOf is token.oAuthSettings of connection parameters, created when missing.
func oauthSettingsOf(params map[string]any) map[string]any {
	token, _ := params["token"].(map[string]any)
	if token == nil {
		token = map[string]any{"type": "oauthSetting"}
		params["token"] = token
	}
	oauth, _ := token["oAuthSettings"].(map[string]any)
	if oauth == nil {
		oauth = map[string]any{}
		token["oAuthSettings"] = oauth
	}
	return oauth
}

// redirectMode is the connector's redirect mode for o.
func (o ConnectorOAuth) redirectMode() string {
	if o.UniqueRedirect {
		return "GlobalPerConnector"
	}
	return "Global"
}

// matches reports whether oauth already holds o's settings (but the secret).
func (o ConnectorOAuth) matches(oauth map[string]any) bool {
	custom, _ := oauth["customParameters"].(map[string]any)
	resource, _ := custom["resourceUri"].(map[string]any)
	return str(oauth["identityProvider"]) == "aad" && strings.EqualFold(str(oauth["clientId"]), o.ClientID) &&
		str(oauth["redirectMode"]) == o.redirectMode() && str(resource["value"]) == AzureDevOpsResource
}

// apply writes o's settings into oauth, keeping what almwiz does not set.
func (o ConnectorOAuth) apply(oauth map[string]any, loginHost string) {
	oauth["identityProvider"], oauth["clientId"], oauth["clientSecret"] = "aad", o.ClientID, o.ClientSecret
	oauth["redirectMode"] = o.redirectMode()
	if !o.UniqueRedirect {
		oauth["redirectUrl"] = GlobalRedirectURL
	}
	custom, _ := oauth["customParameters"].(map[string]any)
	if custom == nil {
		custom = map[string]any{}
		oauth["customParameters"] = custom
	}
	custom["loginUri"] = map[string]any{"value": "https://" + loginHost}
	custom["tenantId"] = map[string]any{"value": "common"}
	custom["resourceUri"] = map[string]any{"value": AzureDevOpsResource}
	props, _ := oauth["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		oauth["properties"] = props
	}
	props["AzureActiveDirectoryResourceId"] = AzureDevOpsResource
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// CustomConnectorConfigured reports whether the connector is already set up
// as o asks, but for the secret (which a connector never gives back), and
// its current redirect URL; it changes nothing.
func (c *Client) CustomConnectorConfigured(ctx context.Context, o ConnectorOAuth) (redirectURL string, ok bool, err error) {
	op := fmt.Sprintf("read custom connector %s", o.Connector)
	u := c.powerAppsURL("apis/"+url.PathEscape(o.Connector), apiVersionConnections, environmentFilter(o.Environment))
	conn, err := c.readConnector(ctx, op, u)
	if err != nil {
		return "", false, err
	}
	oauth := oauthSettingsOf(conn.parameters())
	return firstNonEmpty(str(oauth["redirectUrl"]), GlobalRedirectURL), o.matches(oauth), nil
}
