package powerplatform

import "strings"

// connectionReferenceHooks: a reference is bound by PATCHing connectionid to
// a connection of the same connector in the same environment.
func connectionReferenceHooks() tableHooks {
	return tableHooks{update: updateConnectionReference}
}

func updateConnectionReference(d *dvRequest, row, body record) error {
	if id, ok := body["connectionid"].(string); ok && id != "" {
		conn := d.s.st.connection(d.org.EnvironmentName, id)
		if conn == nil {
			return badRequest(codeInvalidArg, "The connection '"+id+"' does not exist in environment '"+d.org.EnvironmentName+"'.")
		}
		if !strings.HasSuffix(strings.ToLower(row.str("connectorid")), "/"+strings.ToLower(conn.API)) {
			return badRequest(codeInvalidArg, "The connection '"+id+"' is for "+conn.API+
				", but connection reference '"+row.str("connectionreferencelogicalname")+"' needs "+row.str("connectorid")+".")
		}
	}
	return setAllowed("connectionreference", row, body, "connectionid", "connectionreferencedisplayname", "description", "statecode", "statuscode")
}
