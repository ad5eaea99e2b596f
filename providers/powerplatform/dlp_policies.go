package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// DLP classifications as the governance API names the data groups:
// Confidential is "Business", General is "Non-business".
const (
	DLPBusiness    = "Confidential"
	DLPNonBusiness = "General"
	DLPBlocked     = "Blocked"
	// DLPIgnore, on a custom-connector URL pattern, leaves the connector
	// in the policy's default group.
	DLPIgnore = "Ignore"
)

// DLPPolicy is a data loss prevention policy of the tenant, as far as the
// preflight needs it: where it applies and how it classifies connectors.
type DLPPolicy struct {
	Name         string // the policy id (a GUID)
	DisplayName  string
	DefaultGroup string // the group of every connector the policy does not list
	// EnvironmentType is AllEnvironments, ExceptEnvironments or OnlyEnvironments;
	// Environments are the environment names (GUIDs) it lists.
	EnvironmentType string
	Environments    []string
	// Connectors maps a connector id (/providers/Microsoft.PowerApps/apis/shared_x)
	// to its group.
	Connectors map[string]string
	// CustomRules classify custom connectors by host URL pattern, in order.
	CustomRules []DLPURLRule
}

// DLPURLRule is one custom-connector URL pattern of a policy.
type DLPURLRule struct {
	Order          int
	Pattern        string // e.g. https://dev.azure.com/*, or * for every other
	Classification string // Confidential, General, Blocked or Ignore
}

// dlpPolicyDTO is the v2 governance API's policy, as the Terraform provider
// reads it (microsoft/terraform-provider-power-platform ·
// internal/services/dlp_policy/dto.go, dlpPolicyDto).
type dlpPolicyDTO struct {
	PolicyDefinition struct {
		Name                            string `json:"name"`
		DisplayName                     string `json:"displayName"`
		DefaultConnectorsClassification string `json:"defaultConnectorsClassification"`
		EnvironmentType                 string `json:"environmentType"`
		Environments                    []struct {
			Name string `json:"name"`
		} `json:"environments"`
		ConnectorGroups []struct {
			Classification string `json:"classification"`
			Connectors     []struct {
				ID string `json:"id"`
			} `json:"connectors"`
		} `json:"connectorGroups"`
	} `json:"policyDefinition"`
	CustomConnectorURLPatternsDefinition struct {
		Rules []struct {
			Order          int    `json:"order"`
			Classification string `json:"customConnectorRuleClassification"`
			Pattern        string `json:"pattern"`
		} `json:"rules"`
	} `json:"customConnectorUrlPatternsDefinition"`
}

func (d dlpPolicyDTO) policy() DLPPolicy {
	pd := d.PolicyDefinition
	p := DLPPolicy{Name: pd.Name, DisplayName: pd.DisplayName, DefaultGroup: pd.DefaultConnectorsClassification,
		EnvironmentType: pd.EnvironmentType, Connectors: map[string]string{}}
	for _, e := range pd.Environments {
		p.Environments = append(p.Environments, e.Name)
	}
	for _, g := range pd.ConnectorGroups {
		for _, c := range g.Connectors {
			p.Connectors[strings.ToLower(c.ID)] = g.Classification
		}
	}
	for _, r := range d.CustomConnectorURLPatternsDefinition.Rules {
		p.CustomRules = append(p.CustomRules, DLPURLRule{Order: r.Order, Pattern: r.Pattern, Classification: r.Classification})
	}
	return p
}

// governanceURL is a URL of the v2 governance API, which takes no
// api-version (the Terraform provider's DlpPolicyClient calls it so).
func (c *Client) governanceURL(path string) string {
	return c.ep.PowerPlatformAdmin() + "/providers/PowerPlatform.Governance/v2/" + path
}

// DLPPolicies reads every DLP policy of the tenant: the list, then each
// policy by name, as the Terraform provider's GetPolicies does (the list
// is not relied on for the connector groups). Only a Power Platform
// administrator may read them; others get 403.
func (c *Client) DLPPolicies(ctx context.Context) ([]DLPPolicy, error) {
	const op = "read the DLP policies"
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", url: c.governanceURL("policies"), tokens: c.adminTokens()})
	if err != nil {
		return nil, err
	}
	var list struct {
		Value []dlpPolicyDTO `json:"value"`
	}
	if err := resp.decode(op, &list); err != nil {
		return nil, err
	}
	var out []DLPPolicy
	for _, item := range list.Value {
		name := item.PolicyDefinition.Name
		one := fmt.Sprintf("read DLP policy %q", item.PolicyDefinition.DisplayName)
		r, err := c.send(ctx, request{service: servicePowerPlatform, op: one, method: "GET", url: c.governanceURL("policies/" + url.PathEscape(name)), tokens: c.adminTokens()})
		if err != nil {
			return nil, err
		}
		var d dlpPolicyDTO
		if err := r.decode(one, &d); err != nil {
			return nil, err
		}
		out = append(out, d.policy())
	}
	return out, nil
}
