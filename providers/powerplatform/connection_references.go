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
