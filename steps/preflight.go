package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/transport"
)

// Severity says whether a preflight finding stops the run.
type Severity string

// The severities of a finding: a blocker stops apply unless the admin names
// its check with --ignore-preflight; a warning is shown and the run goes on.
const (
	SeverityBlocker Severity = "blocker"
	SeverityWarning Severity = "warning"
)

// The preflight checks, by the stable id --ignore-preflight takes.
const (
	CheckDLP         = "dlp-connectors"
	CheckLicences    = "licences"
	CheckParallelism = "hosted-parallelism"
)

// PreflightChecks lists the ids of every check, for --ignore-preflight.
var PreflightChecks = []string{CheckDLP, CheckLicences, CheckParallelism}

// Finding is what one preflight check found before any change: what is
// wrong, what it breaks for makers, who can fix it and how.
type Finding struct {
	Check    string // CheckDLP, CheckLicences or CheckParallelism
	Service  string // e.g. "Power Platform · contoso.onmicrosoft.com"
	Scope    string // entra, devops or powerplatform
	Severity Severity
	Message  string // what is wrong and what it breaks
	Fix      string // who can fix it and how
	Link     string
}

// Event is the finding as a run event (kind preflight), for --output ndjson.
func (f Finding) Event() Event {
	return Event{Kind: EventPreflight, StepID: f.Check, Service: f.Service, Scope: f.Scope,
		Severity: string(f.Severity), Message: f.Message, Suggestion: f.Fix, Link: f.Link}
}

// Preflight runs the checks that the scope touches (all for ""), reading
// only. A check that cannot run for want of a role is a warning saying so;
// it never fails the run.
func Preflight(ctx context.Context, p *profiles.Profile, c *Clients, scope string) []Finding {
	b := &build{p: p, c: c, cloud: profiles.Clouds[p.Cloud], domain: map[string]string{}}
	for _, t := range p.Tenants {
		b.domain[t.Name] = t.Domain
	}
	var out []Finding
	if scope == "" || scope == "powerplatform" {
		for _, host := range b.hosts() {
			out = append(out, b.dlpFindings(ctx, host)...)
		}
		out = append(out, b.licenceFindings(ctx)...)
	}
	if scope == "" || scope == "devops" {
		for _, o := range p.DevOps.Organizations {
			out = append(out, b.parallelismFindings(ctx, o)...)
		}
	}
	return out
}

// couldNotCheck turns a refusal into the warning "could not check X: needs
// role Y"; any other error is a warning too, since a check must never stop
// an install by failing itself.
func couldNotCheck(check, service, scope, what, role string, err error) Finding {
	f := Finding{Check: check, Service: service, Scope: scope, Severity: SeverityWarning}
	var api *transport.APIError
	if errors.As(err, &api) && (api.Status == 401 || api.Status == 403) {
		f.Message = fmt.Sprintf("could not check %s: the signed-in admin may not read them (%s answered %d)", what, api.Service, api.Status)
		f.Fix = "Run again as " + role + " to have almwiz check them, or check them by hand."
		return f
	}
	f.Message = fmt.Sprintf("could not check %s: %v", what, err)
	f.Fix = "Check them by hand, or run again later; " + role + " can read them."
	return f
}

// joinNames lists names in a sentence: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
