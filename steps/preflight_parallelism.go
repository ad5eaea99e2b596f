package steps

import (
	"context"
	"fmt"

	"almwiz/profiles"
)

// ParallelismRequestLink is where an organization asks for the free grant
// of Microsoft-hosted parallel jobs.
const ParallelismRequestLink = "https://aka.ms/azpipelines-parallelism-request"

// parallelismFindings warns when the organization has no Microsoft-hosted
// parallel job: the accelerator's pipelines run on the "Azure Pipelines"
// pool (windows-latest), so every run would wait in the queue. A new
// organization has none until Microsoft grants the free one.
func (b *build) parallelismFindings(ctx context.Context, o profiles.Organization) []Finding {
	name := orgName(o)
	service := "Azure DevOps · " + name
	const role = "a Project Collection Administrator"
	dc, err := b.c.DevOps(ctx, b.tenantDomain(o.Tenant), name)
	if err != nil {
		return []Finding{couldNotCheck(CheckParallelism, service, "devops", "the parallel jobs of "+name, role, err)}
	}
	p, err := dc.HostedParallelism(ctx)
	if err != nil {
		return []Finding{couldNotCheck(CheckParallelism, service, "devops", "the parallel jobs of "+name, role, err)}
	}
	if p.Hosted > 0 {
		return nil
	}
	return []Finding{{Check: CheckParallelism, Service: service, Scope: "devops", Severity: SeverityWarning,
		Message: fmt.Sprintf("organization %s has no Microsoft-hosted parallel job: the accelerator's pipelines (export, import, deploy) would wait in the queue and never run", name),
		Fix:     "An organization owner or Project Collection Administrator can request the free grant (it takes a few business days) or buy parallel jobs under Organization settings → Billing; a self-hosted Windows agent pool is the other way.",
		Link:    ParallelismRequestLink}}
}
