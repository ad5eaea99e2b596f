package steps

import (
	"errors"
	"strings"
	"testing"

	"almwiz/providers/entra"
	"almwiz/providers/powerplatform"
	"almwiz/providers/transport"
)

const hostEnv = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

// businessPolicy keeps every accelerator connector in the Business group.
func businessPolicy(name string) powerplatform.DLPPolicy {
	p := powerplatform.DLPPolicy{Name: name, DisplayName: name, DefaultGroup: powerplatform.DLPNonBusiness,
		EnvironmentType: "AllEnvironments", Connectors: map[string]string{},
		CustomRules: []powerplatform.DLPURLRule{{Order: 1, Pattern: "https://dev.azure.com/*", Classification: powerplatform.DLPBusiness},
			{Order: 2, Pattern: "*", Classification: powerplatform.DLPIgnore}}}
	for _, c := range acceleratorConnectors {
		p.Connectors[c.ID] = powerplatform.DLPBusiness
	}
	return p
}

func TestDLPVerdicts(t *testing.T) {
	with := func(p powerplatform.DLPPolicy, edit func(*powerplatform.DLPPolicy)) powerplatform.DLPPolicy {
		edit(&p)
		return p
	}
	http := dlpAPI + "http"
	webcontents := dlpAPI + "shared_webcontents"
	tests := []struct {
		name     string
		policies []powerplatform.DLPPolicy
		env      string
		want     string // the one policy with a problem, "" for none
		blocked  string // a connector named blocked
		split    bool
	}{
		{name: "no policy", env: hostEnv},
		{name: "all together in Business", policies: []powerplatform.DLPPolicy{businessPolicy("ok")}, env: hostEnv},
		{name: "a blocked connector",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("strict"), func(p *powerplatform.DLPPolicy) { p.Connectors[webcontents] = powerplatform.DLPBlocked })},
			env:      hostEnv, want: "strict", blocked: "HTTP with Microsoft Entra ID"},
		{name: "split between business and non-business",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("split"), func(p *powerplatform.DLPPolicy) { delete(p.Connectors, http) })},
			env:      hostEnv, want: "split", split: true},
		{name: "the custom connector falls to a Non-business default",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("custom"), func(p *powerplatform.DLPPolicy) { p.CustomRules = p.CustomRules[1:] })},
			env:      hostEnv, want: "custom", split: true},
		{name: "the custom connector blocked by its URL",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("url"), func(p *powerplatform.DLPPolicy) { p.CustomRules[0].Classification = powerplatform.DLPBlocked })},
			env:      hostEnv, want: "url", blocked: "CustomAzureDevOps"},
		{name: "a blocking policy for other environments only",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("others"), func(p *powerplatform.DLPPolicy) {
				p.EnvironmentType, p.Environments, p.Connectors[http] = "OnlyEnvironments", []string{"another"}, powerplatform.DLPBlocked
			})},
			env: hostEnv},
		{name: "a blocking policy for exactly the host",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("only-host"), func(p *powerplatform.DLPPolicy) {
				p.EnvironmentType, p.Environments, p.Connectors[http] = "OnlyEnvironments", []string{strings.ToUpper(hostEnv)}, powerplatform.DLPBlocked
			})},
			env: hostEnv, want: "only-host", blocked: "HTTP"},
		{name: "a blocking policy that excepts the host",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("except-host"), func(p *powerplatform.DLPPolicy) {
				p.EnvironmentType, p.Environments, p.Connectors[http] = "ExceptEnvironments", []string{hostEnv}, powerplatform.DLPBlocked
			})},
			env: hostEnv},
		{name: "a blocking policy that excepts others covers a host not created yet",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("except-others"), func(p *powerplatform.DLPPolicy) {
				p.EnvironmentType, p.Environments, p.Connectors[http] = "ExceptEnvironments", []string{"another"}, powerplatform.DLPBlocked
			})},
			env: "", want: "except-others", blocked: "HTTP"},
		{name: "an Only list cannot name a host not created yet",
			policies: []powerplatform.DLPPolicy{with(businessPolicy("only"), func(p *powerplatform.DLPPolicy) {
				p.EnvironmentType, p.Environments, p.Connectors[http] = "OnlyEnvironments", []string{hostEnv}, powerplatform.DLPBlocked
			})},
			env: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DLPVerdicts(tt.policies, tt.env)
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no problem, got %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Policy != tt.want {
				t.Fatalf("want a problem with %q, got %+v", tt.want, got)
			}
			v := got[0]
			if tt.blocked != "" && !strings.Contains(strings.Join(v.Blocked, ","), tt.blocked) {
				t.Errorf("blocked %v, want %s among them", v.Blocked, tt.blocked)
			}
			if tt.split != (len(v.Groups) > 1) {
				t.Errorf("groups %v, split want %v", v.Groups, tt.split)
			}
			msg := dlpMessage(v, "host")
			if !strings.Contains(msg, `"`+tt.want+`"`) || !strings.Contains(msg, "makers") {
				t.Errorf("message does not name the policy and what it breaks: %s", msg)
			}
		})
	}
}

func TestLicenceWarning(t *testing.T) {
	tests := []struct {
		name string
		skus []entra.SubscribedSku
		warn bool
	}{
		{"no subscription", nil, true},
		{"Office only", []entra.SubscribedSku{{SkuPartNumber: "ENTERPRISEPACK", HasAvailableUnits: true, CapabilityStatus: "Enabled"}}, true},
		{"per user with units", []entra.SubscribedSku{{SkuPartNumber: "POWERAPPS_PER_USER", HasAvailableUnits: true, CapabilityStatus: "Enabled"}}, false},
		{"per user all used", []entra.SubscribedSku{{SkuPartNumber: "POWERAPPS_PER_USER", CapabilityStatus: "Enabled"}}, true},
		{"trial", []entra.SubscribedSku{{SkuPartNumber: "POWERAPPS_VIRAL", HasAvailableUnits: true, CapabilityStatus: "Enabled"}}, false},
		{"suspended developer plan", []entra.SubscribedSku{{SkuPartNumber: "POWERAPPS_DEV", HasAvailableUnits: true, CapabilityStatus: "Suspended"}}, true},
	}
	for _, tt := range tests {
		if got := LicenceWarning(tt.skus) != ""; got != tt.warn {
			t.Errorf("%s: warning %v, want %v", tt.name, got, tt.warn)
		}
	}
}

func TestCouldNotCheckNamesTheRoleAndNeverBlocks(t *testing.T) {
	denied := &transport.APIError{Service: "Power Platform", Status: 403, Code: "Forbidden"}
	f := couldNotCheck(CheckDLP, "Power Platform · contoso", "powerplatform", "the DLP policies", "a Power Platform Administrator", denied)
	if f.Severity != SeverityWarning || !strings.Contains(f.Message, "could not check the DLP policies") || !strings.Contains(f.Fix, "a Power Platform Administrator") {
		t.Errorf("refusal: %+v", f)
	}
	f = couldNotCheck(CheckLicences, "Entra", "powerplatform", "the tenant's licences", "a Global Reader", errors.New("connection reset"))
	if f.Severity != SeverityWarning || !strings.Contains(f.Message, "connection reset") {
		t.Errorf("other error: %+v", f)
	}
}
