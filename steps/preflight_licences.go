package steps

import (
	"context"
	"slices"

	"almwiz/providers/entra"
)

// powerAppsSkus are the subscriptions that license a maker to use premium
// Power Apps (Dataverse, custom connectors, HTTP with Microsoft Entra ID),
// by skuPartNumber as Microsoft lists them in "Product names and service
// plan identifiers for licensing" (learn.microsoft.com/entra/identity/users/
// licensing-service-plan-reference): per user, per app (two generations),
// the Developer Plan and the Plan 2 trial, which a demo tenant may use.
var powerAppsSkus = []string{"POWERAPPS_PER_USER", "POWERAPPS_PER_APP", "POWERAPPS_PER_APP_NEW", "POWERAPPS_DEV", "POWERAPPS_VIRAL"}

// LicenceWarning says what is missing among the tenant's subscriptions
// for makers to use the accelerator, or "" when a Power Apps licence with
// free units exists.
func LicenceWarning(skus []entra.SubscribedSku) string {
	for _, s := range skus {
		if slices.Contains(powerAppsSkus, s.SkuPartNumber) && s.HasAvailableUnits && s.CapabilityStatus != "Suspended" && s.CapabilityStatus != "Deleted" {
			return ""
		}
	}
	return "the tenant has no Power Apps per user, per app, Developer or trial licence with units left: makers cannot run the ALM Accelerator's app, which uses premium features (Dataverse, a custom connector, HTTP with Microsoft Entra ID)"
}

// licenceFindings reads the subscriptions of each tenant holding a host
// environment. Licences are a warning: a trial is fine for a demo, and a
// maker may be licensed another way (per-app pass, pay-as-you-go).
func (b *build) licenceFindings(ctx context.Context) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, host := range b.hosts() {
		domain := b.tenantDomain(host.Tenant)
		if seen[domain] {
			continue
		}
		seen[domain] = true
		service := "Microsoft Entra · " + domain
		skus, err := b.c.Entra(domain).SubscribedSkus(ctx)
		if err != nil {
			out = append(out, couldNotCheck(CheckLicences, service, "powerplatform", "the tenant's licences",
				"a Global Reader, License Administrator or Billing Administrator", err))
			continue
		}
		msg := LicenceWarning(skus)
		if msg == "" {
			continue
		}
		out = append(out, Finding{Check: CheckLicences, Service: service, Scope: "powerplatform", Severity: SeverityWarning,
			Message: msg + ". Makers also need Azure DevOps Basic access beyond the organization's 5 free users.",
			Fix:     "A Billing Administrator (or Global Administrator) can buy Power Apps per user or per app licences, or start a trial, in the Microsoft 365 admin center (Billing → Purchase services); a License Administrator then assigns them to the makers.",
			Link:    "https://learn.microsoft.com/power-platform/guidance/alm-accelerator/overview"})
	}
	return out
}
