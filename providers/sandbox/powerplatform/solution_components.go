package powerplatform

import (
	"strings"
	"time"
)

// Solution components: Dataverse records which solution brought which
// component in solutioncomponents (_solutionid_value, objectid,
// componenttype). Component types of tables added after the platform's fixed
// list (connection references among them) are numbered per organisation, so
// clients read the number from solutioncomponentdefinitions first, as the
// CoE CLI does (microsoft/coe-starter-kit · coe-cli/src/commands/powerplatform.ts,
// fixConnectionReferences: solutioncomponentdefinitions?$filter=primaryentityname
// eq 'connectionreference', then solutioncomponents?$filter=_solutionid_value
// eq '<id>' and componenttype eq <type>).

// componentTypes are the component types of the tables the sandbox installs
// from solutions: the fixed ones (role 20, workflow 29, canvas app 300,
// connector 372) and connection references, whose number the sandbox picks
// (10132, as in many real organisations; clients must not assume it).
var componentTypes = []struct {
	Set, Entity string
	Type        int
}{
	{"roles", "role", 20},
	{"workflows", "workflow", 29},
	{"canvasapps", "canvasapp", 300},
	{"connectors", "connector", 372},
	{"connectionreferences", "connectionreference", 10132},
}

// addComponentDefinitions fills solutioncomponentdefinitions of a new organisation.
func (o *org) addComponentDefinitions(now time.Time) {
	for _, ct := range componentTypes {
		o.insert("solutioncomponentdefinitions", record{"name": ct.Entity, "primaryentityname": ct.Entity,
			"solutioncomponenttype": ct.Type, "objecttypecode": ct.Type, "iscustomizable": false}, now)
	}
}

// recordSolutionComponents lists in solutioncomponents every installed
// component of solutionID that is not listed yet.
func (o *org) recordSolutionComponents(solutionID string, now time.Time) {
	for _, ct := range componentTypes {
		key := entitySets[ct.Set].Key
		for _, row := range o.find(ct.Set, func(r record) bool { return strings.EqualFold(r.str("solutionid"), solutionID) }) {
			id := row.str(key)
			listed := o.find("solutioncomponents", func(c record) bool {
				return strings.EqualFold(c.str("objectid"), id) && strings.EqualFold(c.str("_solutionid_value"), solutionID)
			})
			if len(listed) == 0 {
				o.insert("solutioncomponents", record{"_solutionid_value": solutionID, "objectid": id,
					"componenttype": ct.Type, "rootcomponentbehavior": 0, "ismetadata": false,
					"_rootsolutioncomponentid_value": nil}, now)
			}
		}
	}
}

// forgetSolutionComponents removes the solutioncomponents rows of a solution.
func (o *org) forgetSolutionComponents(solutionID string) {
	for _, row := range o.find("solutioncomponents", func(c record) bool { return strings.EqualFold(c.str("_solutionid_value"), solutionID) }) {
		o.remove("solutioncomponents", row.str("solutioncomponentid"))
	}
}
