package powerplatform

import "net/http"

// Workflow states: a cloud flow is off as Draft (0/1) and on as Activated (1/2).
const (
	workflowDraft     = 0
	workflowActivated = 1
)

// workflowHooks: flows are turned on and off by PATCHing statecode and
// statuscode; a flow turns on only once its solution's connection
// references are bound (the solution's flows use them).
func workflowHooks() tableHooks {
	return tableHooks{update: updateWorkflow}
}

func updateWorkflow(d *dvRequest, row, body record) error {
	if err := setAllowedCheck("workflow", body, "statecode", "statuscode", "name", "description"); err != nil {
		return err
	}
	next := record{"statecode": body["statecode"], "statuscode": body["statuscode"]}
	switch {
	case body["statecode"] == nil:
	case next.num("statecode") == workflowActivated && (body["statuscode"] == nil || next.num("statuscode") == 2):
		if ref := d.unboundReference(row.str("solutionid")); ref != "" {
			return &odataError{http.StatusBadRequest, codeInvalidArg, "Flow client error returned with status code 'BadRequest': " +
				"the connection reference '" + ref + "' has no connection. Bind it before turning the flow on."}
		}
		body["statuscode"] = 2
	case next.num("statecode") == workflowDraft && (body["statuscode"] == nil || next.num("statuscode") == 1):
		body["statuscode"] = 1
	default:
		return badRequest(codeInvalidArg, "statecode and statuscode do not form a valid workflow state (0/1 or 1/2).")
	}
	return setAllowed("workflow", row, body, "statecode", "statuscode", "name", "description")
}

// unboundReference names a connection reference of the solution without a connection.
func (d *dvRequest) unboundReference(solutionID string) string {
	for _, ref := range d.org.Tables["connectionreferences"] {
		if ref.str("solutionid") == solutionID && ref.str("connectionid") == "" {
			return ref.str("connectionreferencelogicalname")
		}
	}
	return ""
}

// setAllowedCheck rejects attributes outside allowed without changing anything.
func setAllowedCheck(entity string, body record, allowed ...string) error {
	return setAllowed(entity, record{}, body, allowed...)
}
