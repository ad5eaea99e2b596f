package powerplatform

import (
	"encoding/json"
	"net/http"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// newConnectorRecord is a custom connector row as a solution import creates it.
func newConnectorRecord(cn connectorXML, solutionID string) record {
	internal := "shared_" + strings.ReplaceAll(strings.ToLower(cn.Name), "_", "-") + "-" + strings.ReplaceAll(newGUID(), "-", "")[:18]
	return record{"name": cn.Name, "displayname": cn.DisplayName, "connectorinternalid": internal,
		"connectortype": 1, "connectionparameters": cn.ConnectionParameters, "description": connectorDescription,
		"ismanaged": true, "solutionid": solutionID, "~clientsecret": "",
		"~swagger": standInSwagger(cn.DisplayName), "~policies": standInPolicies}
}

// connectorHooks: the OAuth settings live in connectionparameters (a JSON
// string). A client secret written there is kept aside and never read back.
func connectorHooks() tableHooks {
	return tableHooks{update: func(d *dvRequest, row, body record) error {
		if params, ok := body["connectionparameters"].(string); ok {
			clean, secret, err := splitClientSecret(params)
			if err != nil {
				return badRequest(codeInvalidArg, "connectionparameters is not valid JSON: "+err.Error())
			}
			body["connectionparameters"] = clean
			if secret != "" {
				row["~clientsecret"] = secret
			}
		}
		return setAllowed("connector", row, body, "connectionparameters", "description", "displayname")
	}}
}

// splitClientSecret takes token.oAuthSettings.clientSecret out of connection parameters.
func splitClientSecret(params string) (string, string, error) {
	var p map[string]any
	if err := json.Unmarshal([]byte(params), &p); err != nil {
		return "", "", err
	}
	oauth := oauthSettings(p)
	secret, _ := oauth["clientSecret"].(string)
	delete(oauth, "clientSecret")
	out, err := json.Marshal(p)
	return string(out), secret, err
}

// oauthSettings is token.oAuthSettings of connection parameters, or an empty map.
func oauthSettings(params map[string]any) map[string]any {
	token, _ := params["token"].(map[string]any)
	oauth, _ := token["oAuthSettings"].(map[string]any)
	if oauth == nil {
		return map[string]any{}
	}
	return oauth
}

func (s *Service) registerCustomConnectors(mux *http.ServeMux) {
	mux.HandleFunc("GET "+powerAppsRoot+"/apis/{api}", s.powerApps(s.getCustomConnector))
	mux.HandleFunc("PATCH "+powerAppsRoot+"/apis/{api}", s.powerApps(s.patchCustomConnector))
	// originalSwaggerUrl: a blob with a SAS in the real service, read without a token.
	mux.HandleFunc("GET "+swaggerBlobRoot+"/{api}/swagger.json", s.getConnectorSwagger)
}

// customConnector finds a custom connector by connectorinternalid in the environment the request names.
func (s *Service) customConnector(w http.ResponseWriter, r *http.Request) (*org, record) {
	env := strings.ToLower(filteredEnvironment(r))
	for _, o := range s.st.Orgs {
		if env != "" && o.EnvironmentName != env {
			continue
		}
		for _, row := range o.Tables["connectors"] {
			if strings.EqualFold(row.str("connectorinternalid"), r.PathValue("api")) {
				return o, row
			}
		}
	}
	writeAPIError(w, http.StatusNotFound, "ApiNotFound", "Could not find api '"+r.PathValue("api")+"'.")
	return nil, nil
}

func connectorDTO(blobBase string, o *org, row record) map[string]any {
	var params map[string]any
	_ = json.Unmarshal([]byte(row.str("connectionparameters")), &params) // stored only after validation
	id := row.str("connectorinternalid")
	return map[string]any{
		"name": id, "id": "/providers/Microsoft.PowerApps/apis/" + id, "type": "Microsoft.PowerApps/apis",
		"properties": map[string]any{
			"displayName": row.str("displayname"), "description": row["description"], "isCustomApi": true,
			"connectionParameters": params, "environment": environmentRef(o.EnvironmentName),
			"backendService": map[string]any{"serviceUrl": "https://dev.azure.com"},
			"createdTime":    row.str("createdon"), "changedTime": row.str("modifiedon"),
			"apiDefinitions":          map[string]any{"originalSwaggerUrl": blobBase + "/" + id + "/swagger.json"},
			"policyTemplateInstances": row["~policies"],
		},
	}
}

func (s *Service) getCustomConnector(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	if o, row := s.customConnector(w, r); row != nil {
		writeJSON(w, http.StatusOK, connectorDTO(emulator.BaseURL(r)+swaggerBlobRoot, o, row))
	}
}

// connectorUpdate is the body of PATCH apis/{api}: the whole connector, as
// paconn update (microsoft/PowerPlatformConnectors ·
// tools/paconn-cli/paconn/operations/upsert.py) and the CoE CLI's
// fixCustomConnectors (microsoft/coe-starter-kit ·
// coe-cli/src/commands/powerplatform.ts) send it.
type connectorUpdate struct {
	Properties struct {
		DisplayName             string         `json:"displayName"`
		Description             *string        `json:"description"`
		ConnectionParameters    map[string]any `json:"connectionParameters"`
		OpenAPIDefinition       map[string]any `json:"openApiDefinition"`
		BackendService          map[string]any `json:"backendService"`
		Environment             map[string]any `json:"environment"`
		PolicyTemplateInstances []any          `json:"policyTemplateInstances"`
	} `json:"properties"`
}

// missing names the parts of the connector a PATCH must carry. The service
// replaces the connector with the body: an update without the definition
// is refused, one without policies removes them.
func (u connectorUpdate) missing() string {
	p := u.Properties
	switch {
	case p.OpenAPIDefinition == nil || p.OpenAPIDefinition["swagger"] == nil:
		return "properties.openApiDefinition"
	case p.BackendService == nil || p.BackendService["serviceUrl"] == nil:
		return "properties.backendService"
	case p.Environment == nil || p.Environment["name"] == nil:
		return "properties.environment"
	case p.ConnectionParameters == nil:
		return "properties.connectionParameters"
	}
	return ""
}

// patchCustomConnector replaces the connector with the body, as the
// PowerApps API does for paconn update; a partial body is refused.
func (s *Service) patchCustomConnector(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	o, row := s.customConnector(w, r)
	if row == nil {
		return
	}
	var body connectorUpdate
	if err := readJSON(r, &body); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	if m := body.missing(); m != "" {
		writeAPIError(w, http.StatusBadRequest, "InvalidApiDefinition",
			"The request to update the custom API is missing "+m+": send the whole API definition.")
		return
	}
	setConnectionParameters(row, body.Properties.ConnectionParameters)
	if body.Properties.DisplayName != "" {
		row["displayname"] = body.Properties.DisplayName
	}
	if body.Properties.Description != nil {
		row["description"] = *body.Properties.Description
	}
	swagger, _ := json.Marshal(body.Properties.OpenAPIDefinition) // decoded from JSON, so it encodes
	row["~swagger"], row["~policies"] = string(swagger), orEmpty(body.Properties.PolicyTemplateInstances)
	row["modifiedon"] = isoTime(s.env.Now())
	o.touch(row)
	writeJSON(w, http.StatusOK, connectorDTO(emulator.BaseURL(r)+swaggerBlobRoot, o, row))
}

// getConnectorSwagger serves a connector's OpenAPI definition at its
// originalSwaggerUrl.
func (s *Service) getConnectorSwagger(w http.ResponseWriter, r *http.Request) {
	var swagger string
	s.locked(func() {
		for _, o := range s.st.Orgs {
			for _, row := range o.Tables["connectors"] {
				if strings.EqualFold(row.str("connectorinternalid"), r.PathValue("api")) {
					swagger = row.str("~swagger")
				}
			}
		}
	})
	if swagger == "" {
		http.Error(w, "BlobNotFound", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(swagger))
}

func orEmpty(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// setConnectionParameters stores new connection parameters, keeping the
// client secret aside. With redirectMode GlobalPerConnector the connector
// gets its own redirect URL, as the maker portal's "unique redirect URL" does.
func setConnectionParameters(row record, p map[string]any) {
	if oauth := oauthSettings(p); oauth["redirectMode"] == "GlobalPerConnector" {
		oauth["redirectUrl"] = "https://global.consent.azure-apim.net/redirect/" + strings.TrimPrefix(row.str("connectorinternalid"), "shared_")
	}
	raw, _ := json.Marshal(p) // decoded from JSON, so it encodes
	clean, secret, _ := splitClientSecret(string(raw))
	row["connectionparameters"] = clean
	if secret != "" {
		row["~clientsecret"] = secret
	}
}
