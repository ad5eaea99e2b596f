package powerplatform

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// governanceRoot is the v2 DLP policy API of the admin host, as the
// Terraform provider calls it (microsoft/terraform-provider-power-platform ·
// internal/services/dlp_policy/api_dlp_policy.go: GET
// {bap}/providers/PowerPlatform.Governance/v2/policies and .../policies/{name},
// no api-version). Its answers are the provider's dlpPolicyDto: a
// policyDefinition (name, displayName, defaultConnectorsClassification,
// environmentType, environments, connectorGroups) and the
// customConnectorUrlPatternsDefinition (fixtures in the provider's
// internal/services/dlp_policy/tests/datasource/Validate_Read).
const governanceRoot = emulator.PrefixPowerPlatformAdmin + "/providers/PowerPlatform.Governance/v2/policies"

func (s *Service) registerDLPPolicies(mux *http.ServeMux) {
	mux.HandleFunc("GET "+governanceRoot, s.governance(s.listDLPPolicies))
	mux.HandleFunc("GET "+governanceRoot+"/{name}", s.governance(s.getDLPPolicy))
	mux.HandleFunc("POST "+emulator.PrefixControl+"/powerplatform/dlp-policies", s.handleControlDLPPolicy)
}

// governance authorizes a request of the governance API (the admin API's
// audience) and serves it under the service lock.
func (s *Service) governance(h bapHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authorizeAPI(w, r)
		if !ok {
			return
		}
		s.locked(func() { h(w, r, c) })
	}
}

// policies are the tenant's DLP policies: the lived-in world's own one,
// then those a test seeded.
func (s *Service) policies() []map[string]any {
	var out []map[string]any
	if s.env.LivedIn() {
		out = append(out, livedInDLPPolicy())
	}
	for _, name := range slices.Sorted(mapKeys(s.st.DLPPolicies)) {
		out = append(out, s.st.DLPPolicies[name])
	}
	return out
}

func (s *Service) listDLPPolicies(w http.ResponseWriter, _ *http.Request, _ emulator.Claims) {
	value := []any{}
	for _, p := range s.policies() {
		value = append(value, p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Service) getDLPPolicy(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	for _, p := range s.policies() {
		if strings.EqualFold(policyName(p), r.PathValue("name")) {
			writeJSON(w, http.StatusOK, p)
			return
		}
	}
	writeAPIError(w, http.StatusNotFound, "PolicyNotFound", "The policy '"+r.PathValue("name")+"' was not found.")
}

func policyName(p map[string]any) string {
	def, _ := p["policyDefinition"].(map[string]any)
	name, _ := def["name"].(string)
	return name
}

// handleControlDLPPolicy serves POST /_sandbox/powerplatform/dlp-policies:
// the body is a policy as the governance API answers it ({"policyDefinition":
// {...}, "customConnectorUrlPatternsDefinition": {...}}); it stands in for
// an admin who creates the policy in the admin center. A policy without a
// name gets one.
func (s *Service) handleControlDLPPolicy(w http.ResponseWriter, r *http.Request) {
	var p map[string]any
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "The body must be a DLP policy: "+err.Error())
		return
	}
	def, ok := p["policyDefinition"].(map[string]any)
	if !ok || def["displayName"] == nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "policyDefinition.displayName is required.")
		return
	}
	if policyName(p) == "" {
		def["name"] = newGUID()
	}
	for k, v := range map[string]any{"defaultConnectorsClassification": "General", "environmentType": "AllEnvironments",
		"environments": []any{}, "connectorGroups": []any{}} {
		if def[k] == nil {
			def[k] = v
		}
	}
	s.locked(func() { s.st.DLPPolicies[strings.ToLower(policyName(p))] = p })
	writeJSON(w, http.StatusCreated, p)
}

// livedInDLPPolicy is the lived-in tenant's policy for every environment:
// the accelerator's connectors together in the Business group, as the
// accelerator's documentation asks (setup-upgrade-configuration.md), a
// few consumer connectors blocked, the rest Non-business by default.
func livedInDLPPolicy() map[string]any {
	connector := func(api, name string) map[string]any {
		return map[string]any{"id": "/providers/Microsoft.PowerApps/apis/" + api, "name": name, "type": "Microsoft.PowerApps/apis"}
	}
	return map[string]any{
		"policyDefinition": map[string]any{
			"name": "6f1b3c2a-4d5e-4f60-8a7b-9c0d1e2f3a4b", "displayName": "Contoso tenant baseline",
			"defaultConnectorsClassification": "General", "environmentType": "AllEnvironments", "environments": []any{},
			"connectorGroups": []any{
				map[string]any{"classification": "Confidential", "connectors": []any{
					connector("shared_commondataservice", "Microsoft Dataverse (legacy)"),
					connector("shared_commondataserviceforapps", "Microsoft Dataverse"),
					connector("shared_powerappsforappmakers", "Power Apps for Makers"),
					connector("shared_webcontents", "HTTP with Microsoft Entra ID (preauthorized)"),
					connector("shared_office365users", "Office 365 Users"),
					connector("http", "HTTP"),
				}},
				map[string]any{"classification": "General", "connectors": []any{}},
				map[string]any{"classification": "Blocked", "connectors": []any{
					connector("shared_twitter", "X"), connector("shared_dropbox", "Dropbox"),
				}},
			},
			"createdBy": map[string]any{"displayName": "admin"}, "lastModifiedBy": map[string]any{"displayName": "admin"},
			"createdTime": "2024-05-02T09:12:44Z", "lastModifiedTime": "2024-05-02T09:12:44Z",
			"etag": "0c0f4c9e-6a0a-4c41-8f0f-0f3a2d5a7b11", "isLegacySchemaVersion": false,
		},
		"customConnectorUrlPatternsDefinition": map[string]any{"rules": []any{
			map[string]any{"order": 1, "customConnectorRuleClassification": "Confidential", "pattern": "https://dev.azure.com/*"},
			map[string]any{"order": 2, "customConnectorRuleClassification": "Ignore", "pattern": "*"},
		}},
	}
}
