package powerplatform

import (
	"context"
	"fmt"
	"strings"
)

// ConnectionReference is a solution's named slot for a connection; flows
// use the connection bound to it.
type ConnectionReference struct {
	ID           string `json:"connectionreferenceid"`
	LogicalName  string `json:"connectionreferencelogicalname"`
	DisplayName  string `json:"connectionreferencedisplayname"`
	ConnectorID  string `json:"connectorid"` // /providers/Microsoft.PowerApps/apis/shared_webcontents
	ConnectionID string `json:"connectionid"`
	SolutionID   string `json:"solutionid"`
}

// API is the connector's name (shared_webcontents), as the PowerApps API
// and the maker portal name it.
func (r ConnectionReference) API() string { return lastSegment(r.ConnectorID) }

// Bound reports whether a connection is bound to the reference.
func (r ConnectionReference) Bound() bool { return r.ConnectionID != "" }

const connectionReferenceColumns = "connectionreferenceid,connectionreferencelogicalname,connectionreferencedisplayname,connectorid,connectionid,solutionid"

// ConnectionReferences lists the connection references whose logical name
// starts with prefix (e.g. "cat_" for the ALM Accelerator's).
func (d *Dataverse) ConnectionReferences(ctx context.Context, prefix string) ([]ConnectionReference, error) {
	op := fmt.Sprintf("list connection references starting with %q", prefix)
	var list rows[ConnectionReference]
	path := query("connectionreferences", "$select", connectionReferenceColumns,
		"$filter", "startswith(connectionreferencelogicalname,"+quote(prefix)+")")
	if err := d.get(ctx, op, path, &list); err != nil {
		return nil, err
	}
	return list.Value, nil
}

// BindConnectionReference binds a connection (by its name, as the
// PowerApps API lists it) to a connection reference, unless it already is.
// The connection must be for the reference's connector, in the same
// environment.
func (d *Dataverse) BindConnectionReference(ctx context.Context, refID, connectionID string) (Outcome, error) {
	op := fmt.Sprintf("bind connection %s to connection reference %s", connectionID, refID)
	if err := checkGUID("connection reference id", refID); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	var ref ConnectionReference
	if err := d.get(ctx, op, "connectionreferences("+refID+")?$select="+connectionReferenceColumns, &ref); err != nil {
		return "", err
	}
	if strings.EqualFold(ref.ConnectionID, connectionID) {
		return Found, nil
	}
	if err := d.patch(ctx, op, "connectionreferences("+refID+")", map[string]any{"connectionid": connectionID}); err != nil {
		return "", err
	}
	return Updated, nil
}

// SolutionConnectionReferences lists the connection references an installed
// solution contains, whatever their names: the references differ between
// releases of the same solution. It reads them as the CoE CLI does
// (microsoft/coe-starter-kit · coe-cli/src/commands/powerplatform.ts): the
// organisation's component type of connectionreference from
// solutioncomponentdefinitions (numbers above 10000 differ between
// organisations), the solution's components of that type from
// solutioncomponents, then those rows. found is false when the solution is
// not installed.
func (d *Dataverse) SolutionConnectionReferences(ctx context.Context, uniqueName string) (refs []ConnectionReference, found bool, err error) {
	sol, found, err := d.Solution(ctx, uniqueName)
	if err != nil || !found {
		return nil, found, err
	}
	op := fmt.Sprintf("list the connection references of solution %q", uniqueName)
	var defs rows[struct {
		Type int `json:"solutioncomponenttype"`
	}]
	path := query("solutioncomponentdefinitions", "$select", "solutioncomponenttype,primaryentityname",
		"$filter", "primaryentityname eq 'connectionreference'")
	if err := d.get(ctx, op, path, &defs); err != nil {
		return nil, true, err
	}
	if len(defs.Value) == 0 {
		return nil, true, fmt.Errorf("%s: Dataverse has no component type for connection references", d.in(op))
	}
	var comps rows[struct {
		ObjectID string `json:"objectid"`
	}]
	path = query("solutioncomponents", "$select", "objectid,componenttype",
		"$filter", fmt.Sprintf("_solutionid_value eq %s and componenttype eq %d", sol.ID, defs.Value[0].Type))
	if err := d.get(ctx, op, path, &comps); err != nil {
		return nil, true, err
	}
	if len(comps.Value) == 0 {
		return nil, true, nil
	}
	ids := make([]string, 0, len(comps.Value))
	for _, c := range comps.Value {
		if err := checkGUID("component object id", c.ObjectID); err != nil {
			return nil, true, fmt.Errorf("%s: %w", d.in(op), err)
		}
		ids = append(ids, "connectionreferenceid eq "+c.ObjectID)
	}
	var list rows[ConnectionReference]
	path = query("connectionreferences", "$select", connectionReferenceColumns, "$filter", strings.Join(ids, " or "))
	if err := d.get(ctx, op, path, &list); err != nil {
		return nil, true, err
	}
	return list.Value, true, nil
}
