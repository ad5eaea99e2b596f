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
		"connectortype": 1, "connectionparameters": cn.ConnectionParameters, "description": nil,
		"ismanaged": true, "solutionid": solutionID, "~clientsecret": ""}
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

func connectorDTO(base string, o *org, row record) map[string]any {
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
			"apiDefinitions":          map[string]any{"originalSwaggerUrl": base + "/" + id + "/swagger.json"},
			"policyTemplateInstances": []any{},
		},
	}
}

func (s *Service) getCustomConnector(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	if o, row := s.customConnector(w, r); row != nil {
		writeJSON(w, http.StatusOK, connectorDTO(emulator.BaseURL(r)+powerAppsRoot+"/apis", o, row))
	}
}

// patchCustomConnector updates the connector as paconn update does.
func (s *Service) patchCustomConnector(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	o, row := s.customConnector(w, r)
	if row == nil {
		return
	}
	var body struct {
		Properties struct {
			DisplayName          string         `json:"displayName"`
			Description          *string        `json:"description"`
			ConnectionParameters map[string]any `json:"connectionParameters"`
		} `json:"properties"`
	}
	if err := readJSON(r, &body); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	if p := body.Properties.ConnectionParameters; p != nil {
		setConnectionParameters(row, p)
	}
	if body.Properties.DisplayName != "" {
		row["displayname"] = body.Properties.DisplayName
	}
	if body.Properties.Description != nil {
		row["description"] = *body.Properties.Description
	}
	row["modifiedon"] = isoTime(s.env.Now())
	o.touch(row)
	writeJSON(w, http.StatusOK, connectorDTO(emulator.BaseURL(r)+powerAppsRoot+"/apis", o, row))
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
