package powerplatform

import (
	"encoding/json"

	"almwiz/providers/sandbox/emulator"
)

// swaggerBlobRoot is where the sandbox keeps custom connectors' OpenAPI
// definitions, standing in for the storage blob originalSwaggerUrl names.
const swaggerBlobRoot = emulator.PrefixPowerApps + "/_blobs/apis"

// connectorDescription is the stand-in CustomAzureDevOps connector's description.
const connectorDescription = "Custom Azure DevOps connector for the ALM Accelerator"

// standInPolicies are the stand-in connector's policy template instances
// (the emulator's own; the real connector's are not checked), there so
// that an update which drops them shows.
var standInPolicies = []any{map[string]any{"templateId": "setheader", "title": "Accept JSON",
	"parameters": map[string]any{"x-ms-apimTemplateParameter.name": "Accept",
		"x-ms-apimTemplateParameter.value": "application/json", "x-ms-apimTemplateParameter.existsAction": "override",
		"x-ms-apimTemplate-policySection": "Request"}}}

// standInSwagger is a small OpenAPI 2.0 definition for a connector to Azure DevOps.
func standInSwagger(title string) string {
	doc := map[string]any{"swagger": "2.0", "host": "dev.azure.com", "basePath": "/", "schemes": []string{"https"},
		"info":     map[string]any{"title": title, "description": connectorDescription, "version": "1.0"},
		"consumes": []string{"application/json"}, "produces": []string{"application/json"},
		"paths": map[string]any{"/{organization}/_apis/projects": map[string]any{"get": map[string]any{
			"operationId": "GetProjects", "summary": "List projects",
			"parameters": []any{map[string]any{"name": "organization", "in": "path", "required": true, "type": "string"}},
			"responses":  map[string]any{"200": map[string]any{"description": "OK"}}}}},
		"securityDefinitions": map[string]any{"oauth2-auth": map[string]any{"type": "oauth2", "flow": "accessCode",
			"authorizationUrl": "https://login.windows.net/common/oauth2/authorize",
			"tokenUrl":         "https://login.windows.net/common/oauth2/authorize", "scopes": map[string]any{}}},
	}
	data, _ := json.Marshal(doc) // fixed, marshalable value
	return string(data)
}
