package steps

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// dlpConnector is a connector the accelerator's apps and flows use
// together in the host environment (shared/reference/alm-docs.md §2.4,
// from setup-upgrade-configuration.md's connector policies).
type dlpConnector struct {
	ID   string // as DLP policies name it
	Name string
}

// dlpAPI is the prefix of a connector's id in a DLP policy.
const dlpAPI = "/providers/microsoft.powerapps/apis/"

var acceleratorConnectors = []dlpConnector{
	{dlpAPI + "shared_commondataservice", "Dataverse (legacy)"},
	{dlpAPI + "shared_commondataserviceforapps", "Microsoft Dataverse"},
	{dlpAPI + "shared_powerappsforappmakers", "Power Apps for Makers"},
	{dlpAPI + "shared_webcontents", "HTTP with Microsoft Entra ID"},
	{dlpAPI + "shared_office365users", "Office 365 Users"},
	// The built-in HTTP action is classified as the connector "http"
	// (MicrosoftDocs/power-platform · admin/dlp-connector-classification.md).
	{dlpAPI + "http", "HTTP"},
}

// customDevOpsConnector is the accelerator's custom connector; DLP
// classifies custom connectors by the host they call, here Azure DevOps.
var customDevOpsConnector = dlpConnector{"https://dev.azure.com", "the custom connector CustomAzureDevOps (dev.azure.com)"}

// DLPVerdict is what one DLP policy does to the accelerator's connectors in
// one environment.
type DLPVerdict struct {
	Policy  string              // display name
	Blocked []string            // connectors in the Blocked group
	Groups  map[string][]string // the other connectors by group, when they are split
}

// Problem reports whether the policy stops the accelerator.
func (v DLPVerdict) Problem() bool { return len(v.Blocked) > 0 || len(v.Groups) > 1 }

// DLPAppliesTo reports whether policy p covers the environment named env
// (its GUID; "" for one not created yet, which no Only list can name).
func DLPAppliesTo(p powerplatform.DLPPolicy, env string) bool {
	listed := env != "" && slices.ContainsFunc(p.Environments, func(e string) bool { return strings.EqualFold(e, env) })
	switch p.EnvironmentType {
	case "ExceptEnvironments":
		return !listed
	case "OnlyEnvironments":
		return listed
	}
	return true // AllEnvironments
}

// DLPVerdicts decides, for every policy covering env, whether it blocks
// one of the accelerator's connectors or splits them between the business
// and non-business groups (connectors of different groups cannot be used
// together in one app or flow). Only policies with a problem are returned.
func DLPVerdicts(policies []powerplatform.DLPPolicy, env string) []DLPVerdict {
	var out []DLPVerdict
	for _, p := range policies {
		if !DLPAppliesTo(p, env) {
			continue
		}
		v := DLPVerdict{Policy: p.DisplayName, Groups: map[string][]string{}}
		for _, c := range acceleratorConnectors {
			v.add(classify(p, c.ID), c.Name)
		}
		v.add(classifyCustom(p, customDevOpsConnector.ID), customDevOpsConnector.Name)
		if v.Problem() {
			out = append(out, v)
		}
	}
	return out
}

func (v *DLPVerdict) add(group, name string) {
	if strings.EqualFold(group, powerplatform.DLPBlocked) {
		v.Blocked = append(v.Blocked, name)
		return
	}
	v.Groups[groupName(group)] = append(v.Groups[groupName(group)], name)
}

// classify is the group of a connector: the one the policy lists it in, or
// the policy's default group.
func classify(p powerplatform.DLPPolicy, id string) string {
	if g, ok := p.Connectors[strings.ToLower(id)]; ok {
		return g
	}
	return p.DefaultGroup
}

// classifyCustom is the group of a custom connector calling host: the first
// URL pattern (by order) that matches, unless it says Ignore, else the
// default group.
func classifyCustom(p powerplatform.DLPPolicy, host string) string {
	rules := slices.Clone(p.CustomRules)
	slices.SortStableFunc(rules, func(a, b powerplatform.DLPURLRule) int { return a.Order - b.Order })
	for _, r := range rules {
		if ok, _ := path.Match(strings.ToLower(r.Pattern), strings.ToLower(host)); ok || r.Pattern == "*" ||
			strings.EqualFold(strings.TrimSuffix(r.Pattern, "/*"), host) {
			if strings.EqualFold(r.Classification, powerplatform.DLPIgnore) {
				break
			}
			return r.Classification
		}
	}
	return p.DefaultGroup
}

// groupName is how the admin center names a data group.
func groupName(g string) string {
	switch {
	case strings.EqualFold(g, powerplatform.DLPBusiness):
		return "Business"
	case strings.EqualFold(g, powerplatform.DLPNonBusiness):
		return "Non-business"
	}
	return g
}

// dlpFindings reads the tenant's DLP policies and the host environment and
// reports every policy that would stop the accelerator there.
func (b *build) dlpFindings(ctx context.Context, host profiles.Environment) []Finding {
	domain := b.tenantDomain(host.Tenant)
	service := "Power Platform · " + domain
	pp := b.c.PowerPlatform(domain)
	const role = "a Power Platform Administrator (or Global Administrator)"
	policies, err := pp.DLPPolicies(ctx)
	if err != nil {
		return []Finding{couldNotCheck(CheckDLP, service, "powerplatform", "the DLP policies", role, err)}
	}
	if len(policies) == 0 {
		return nil
	}
	env, err := b.hostEnvironmentName(ctx, pp, host)
	if err != nil {
		return []Finding{couldNotCheck(CheckDLP, service, "powerplatform", "the DLP policies of environment "+host.Name, role, err)}
	}
	var out []Finding
	for _, v := range DLPVerdicts(policies, env) {
		out = append(out, Finding{Check: CheckDLP, Service: service, Scope: "powerplatform", Severity: SeverityBlocker,
			Message: dlpMessage(v, host.Name),
			Fix: fmt.Sprintf("A Power Platform Administrator can, in the admin center (https://%s → Policies → Data policies), edit %q: "+
				"put these connectors together in the Business group, unblocked, or exclude environment %s from the policy.",
				b.cloud.AdminCenterHost, v.Policy, host.Name),
			Link: "https://learn.microsoft.com/power-platform/admin/prevent-data-loss"})
	}
	return out
}

func dlpMessage(v DLPVerdict, env string) string {
	var parts []string
	if len(v.Blocked) > 0 {
		parts = append(parts, "blocks "+joinNames(v.Blocked))
	}
	if len(v.Groups) > 1 {
		var groups []string
		for _, g := range slices.Sorted(mapKeys(v.Groups)) {
			groups = append(groups, g+": "+joinNames(v.Groups[g]))
		}
		parts = append(parts, "splits the accelerator's connectors between data groups ("+strings.Join(groups, "; ")+")")
	}
	return fmt.Sprintf("DLP policy %q %s in the host environment %s: the ALM Accelerator's apps and flows use these connectors together, "+
		"so makers could not open the app, commit, import or deploy their solutions", v.Policy, strings.Join(parts, " and "), env)
}

// hostEnvironmentName is the GUID of the host environment, or "" when it
// does not exist yet (almwiz creates it).
func (b *build) hostEnvironmentName(ctx context.Context, pp *powerplatform.Client, host profiles.Environment) (string, error) {
	var e powerplatform.Environment
	var found bool
	var err error
	if host.Create != nil {
		e, found, err = pp.FindEnvironmentFor(ctx, powerplatform.Spec{DomainName: host.Create.DomainName,
			DisplayName: cmpOr(host.Create.DisplayName, host.Create.DomainName)})
	} else {
		e, found, err = pp.FindEnvironment(ctx, host.URL)
	}
	if err != nil || !found {
		return "", err
	}
	return e.Name, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mapKeys returns the keys of m, for sorting.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
