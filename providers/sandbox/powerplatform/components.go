package powerplatform

import (
	"fmt"
	"strings"
	"time"
)

// install applies a solution package: its dependencies must be installed and
// an installed managed solution may not be downgraded. Components are
// created, or updated in place when the solution is upgraded. A failure is
// reported as the import's message, in Dataverse's words.
func (o *org) install(pkg *solutionPackage, now time.Time) (failure string) {
	for _, req := range pkg.Requires {
		if o.solutionByName(req) == nil {
			return fmt.Sprintf("The following solution cannot be imported: %s. Some dependencies are missing. "+
				"The missing dependencies are : <MissingDependencies><MissingDependency><Required type=\"7\" "+
				"schemaName=\"%s\" displayName=\"%s\" solution=\"%s\" /></MissingDependency></MissingDependencies>",
				pkg.UniqueName, req, req, req)
		}
	}
	if old := o.solutionByName(pkg.UniqueName); old != nil && olderVersion(pkg.Version, old.str("version")) {
		return fmt.Sprintf("Solution '%s' version %s is older than the installed version %s. Import a newer version.",
			pkg.UniqueName, pkg.Version, old.str("version"))
	}
	sol := o.upsertSolution(pkg, now)
	o.installComponents(pkg.Components, sol.str("solutionid"), now)
	o.recordSolutionComponents(sol.str("solutionid"), now)
	return ""
}

func (o *org) installComponents(c customizationsXML, solutionID string, now time.Time) {
	bu := o.rootBusinessUnit().str("businessunitid")
	for _, r := range c.Roles {
		o.upsert("roles", "name", r.Name, now, func() record {
			rec := roleRecord(r.Name, "", bu, solutionID)
			if o.get("roles", r.ID) == nil {
				rec["roleid"] = r.ID
			}
			return rec
		})
	}
	for _, a := range c.CanvasApps {
		o.upsert("canvasapps", "name", a.Name, now, func() record {
			return record{"name": a.Name, "displayname": a.DisplayName, "appversion": a.AppVersion,
				"canvasapptype": 0, "status": "Ready", "ismanaged": true, "solutionid": solutionID}
		})
	}
	for _, cn := range c.Connectors {
		o.upsert("connectors", "name", cn.Name, now, func() record { return newConnectorRecord(cn, solutionID) })
	}
	for _, cr := range c.ConnectionReferences {
		o.upsert("connectionreferences", "connectionreferencelogicalname", cr.LogicalName, now, func() record {
			return record{"connectionreferencelogicalname": cr.LogicalName, "connectionreferencedisplayname": cr.DisplayName,
				"connectorid": cr.ConnectorID, "connectionid": nil, "statecode": 0, "statuscode": 1,
				"ismanaged": true, "solutionid": solutionID}
		})
	}
	for _, wf := range c.Workflows {
		o.upsert("workflows", "workflowid", wf.ID, now, func() record {
			return record{"workflowid": wf.ID, "name": wf.Name, "category": wf.Category, "type": wf.Type,
				"statecode": 0, "statuscode": 1, "ismanaged": true, "solutionid": solutionID,
				"_ownerid_value": nil, "primaryentity": "none"}
		})
	}
}

// upsert inserts the row build makes unless one with attr = value exists;
// an existing row keeps its id and its runtime settings.
func (o *org) upsert(set, attr, value string, now time.Time, build func() record) {
	for _, row := range o.Tables[set] {
		if strings.EqualFold(row.str(attr), value) {
			row["modifiedon"] = isoTime(now)
			o.touch(row)
			return
		}
	}
	o.insert(set, build(), now)
}
