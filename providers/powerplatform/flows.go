package powerplatform

import (
	"context"
	"fmt"
)

// Workflow states: a cloud flow is off as Draft (statecode 0, statuscode 1)
// and on as Activated (1, 2).
const (
	flowOn         = 1
	flowOnStatus   = 2
	modernFlowType = 5 // category of a cloud flow
)

// Flow is a cloud flow (a workflow row of category 5).
type Flow struct {
	ID        string `json:"workflowid"`
	Name      string `json:"name"`
	StateCode int    `json:"statecode"`
}

// FlowReport says what EnsureFlowsOn found and did.
type FlowReport struct {
	AlreadyOn []string
	TurnedOn  []string
	// Blocked maps a flow that could not be turned on to why; Unbound
	// lists the solution's connection references that have no connection
	// (bind them, then run again).
	Blocked map[string]string
	Unbound []string
}

// Complete reports whether every flow of the solution is on.
func (r FlowReport) Complete() bool { return len(r.Blocked) == 0 }

// EnsureFlowsOn turns on the cloud flows of a solution that are off. A flow
// that cannot start (usually because a connection reference it uses has no
// connection) is reported in Blocked, not returned as an error.
func (d *Dataverse) EnsureFlowsOn(ctx context.Context, solutionUniqueName string) (FlowReport, error) {
	report := FlowReport{Blocked: map[string]string{}}
	sol, found, err := d.Solution(ctx, solutionUniqueName)
	if err != nil {
		return report, err
	}
	if !found {
		return report, fmt.Errorf("%s: the solution is not installed", d.in("turn on the flows of "+solutionUniqueName))
	}
	flows, err := d.solutionFlows(ctx, sol)
	if err != nil {
		return report, err
	}
	unbound, err := d.unboundReferences(ctx, sol.ID)
	if err != nil {
		return report, err
	}
	report.Unbound = unbound
	for _, f := range flows {
		if err := d.turnOn(ctx, f, &report); err != nil {
			return report, err
		}
	}
	return report, nil
}

// turnOn turns one flow on, noting in report what happened.
func (d *Dataverse) turnOn(ctx context.Context, f Flow, report *FlowReport) error {
	if f.StateCode == flowOn {
		report.AlreadyOn = append(report.AlreadyOn, f.Name)
		return nil
	}
	err := d.patch(ctx, fmt.Sprintf("turn on flow %q", f.Name), "workflows("+f.ID+")",
		map[string]any{"statecode": flowOn, "statuscode": flowOnStatus})
	switch {
	case err == nil:
		report.TurnedOn = append(report.TurnedOn, f.Name)
	case isStatus(err, 400) && len(report.Unbound) > 0:
		report.Blocked[f.Name] = fmt.Sprintf("connection references without a connection: %v", report.Unbound)
	case isStatus(err, 400):
		report.Blocked[f.Name] = err.Error()
	default:
		return err
	}
	return nil
}

// solutionFlows lists the cloud flows a solution brought.
func (d *Dataverse) solutionFlows(ctx context.Context, sol Solution) ([]Flow, error) {
	var list rows[Flow]
	path := query("workflows", "$select", "workflowid,name,statecode",
		"$filter", fmt.Sprintf("solutionid eq %s and category eq %d", sol.ID, modernFlowType))
	if err := d.get(ctx, "list the flows of "+sol.UniqueName, path, &list); err != nil {
		return nil, err
	}
	return list.Value, nil
}

// unboundReferences names the solution's connection references without a connection.
func (d *Dataverse) unboundReferences(ctx context.Context, solutionID string) ([]string, error) {
	var list rows[ConnectionReference]
	path := query("connectionreferences", "$select", connectionReferenceColumns, "$filter", "solutionid eq "+solutionID)
	if err := d.get(ctx, "list the connection references of solution "+solutionID, path, &list); err != nil {
		return nil, err
	}
	var out []string
	for _, r := range list.Value {
		if !r.Bound() {
			out = append(out, r.LogicalName)
		}
	}
	return out, nil
}

// On reports whether the flow is turned on.
func (f Flow) On() bool { return f.StateCode == flowOn }

// Flows lists the cloud flows of an installed solution, without changing
// any, so a step can observe whether they are all on.
func (d *Dataverse) Flows(ctx context.Context, solutionUniqueName string) ([]Flow, error) {
	sol, found, err := d.Solution(ctx, solutionUniqueName)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s: the solution is not installed", d.in("list the flows of "+solutionUniqueName))
	}
	return d.solutionFlows(ctx, sol)
}
