package powerplatform

import (
	"strconv"
	"strings"
	"time"
)

// org is one Dataverse organisation: its tables as loosely typed rows, the
// many-to-many links between them and the imports still running.
type org struct {
	Host            string              `json:"host"`
	EnvironmentName string              `json:"environmentName"`
	OrganizationID  string              `json:"organizationId"`
	Version         int64               `json:"version"` // last row version, for ETags
	Tables          map[string][]record `json:"tables"`  // by entity set name
	UserRoles       []link              `json:"userRoles"`
	TeamRoles       []link              `json:"teamRoles"`
	Imports         []*pendingImport    `json:"imports"`
	Staged          []stagedUpload      `json:"staged"`
}

// record is one Dataverse row. Attributes whose names start with "~" are the
// emulator's own bookkeeping (secrets, timings) and are never rendered.
type record map[string]any

// link is one row of a many-to-many relationship (principal to role).
type link struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// entitySet names a table: its set name, entity logical name and primary key.
type entitySet struct {
	Entity string
	Key    string
}

// entitySets are the tables the emulator serves.
var entitySets = map[string]entitySet{
	"businessunits":                {"businessunit", "businessunitid"},
	"systemusers":                  {"systemuser", "systemuserid"},
	"roles":                        {"role", "roleid"},
	"teams":                        {"team", "teamid"},
	"solutions":                    {"solution", "solutionid"},
	"publishers":                   {"publisher", "publisherid"},
	"asyncoperations":              {"asyncoperation", "asyncoperationid"},
	"connectionreferences":         {"connectionreference", "connectionreferenceid"},
	"connectors":                   {"connector", "connectorid"},
	"workflows":                    {"workflow", "workflowid"},
	"canvasapps":                   {"canvasapp", "canvasappid"},
	"solutioncomponents":           {"solutioncomponent", "solutioncomponentid"},
	"organizations":                {"organization", "organizationid"},
	"solutioncomponentdefinitions": {"solutioncomponentdefinition", "solutioncomponentdefinitionid"},
}

// newOrg creates an organisation with its root business unit and the built-in
// security roles, named in its base language (an LCID), and adds it to the state.
func (s *Service) newOrg(host, envName string, lcid int, now time.Time) *org {
	host = strings.ToLower(host)
	o := &org{Host: host, EnvironmentName: envName, OrganizationID: newGUID(), Tables: map[string][]record{}}
	label, _, _ := strings.Cut(host, ".")
	bu := o.insert("businessunits", record{"name": label, "_parentbusinessunitid_value": nil, "isdisabled": false}, now)
	for _, role := range builtInRoles {
		o.insert("roles", roleRecord(role.name(lcid), role.TemplateID, bu["businessunitid"].(string), ""), now)
	}
	o.addComponentDefinitions(now)
	o.addOrganizationRow(label, lcid, now)
	s.st.Orgs[host] = o
	return o
}

// insert adds rec to set, giving it a key when it has none and the audit
// attributes every row carries.
func (o *org) insert(set string, rec record, now time.Time) record {
	key := entitySets[set].Key
	if id, _ := rec[key].(string); id == "" {
		rec[key] = newGUID()
	}
	for _, col := range entityColumns[set] {
		if _, ok := rec[col]; !ok {
			rec[col] = nil
		}
	}
	rec["createdon"], rec["modifiedon"] = isoTime(now), isoTime(now)
	rec["_organizationid_value"] = o.OrganizationID
	o.touch(rec)
	o.Tables[set] = append(o.Tables[set], rec)
	return rec
}

// touch gives rec a new row version (its ETag).
func (o *org) touch(rec record) {
	o.Version++
	rec["versionnumber"] = o.Version
}

// get finds a row of set by primary key.
func (o *org) get(set, id string) record {
	key := entitySets[set].Key
	for _, rec := range o.Tables[set] {
		if v, _ := rec[key].(string); strings.EqualFold(v, id) {
			return rec
		}
	}
	return nil
}

// find returns the rows of set for which match is true.
func (o *org) find(set string, match func(record) bool) []record {
	var out []record
	for _, rec := range o.Tables[set] {
		if match(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// remove deletes the row of set with primary key id.
func (o *org) remove(set, id string) {
	key := entitySets[set].Key
	rows := o.Tables[set][:0]
	for _, rec := range o.Tables[set] {
		if v, _ := rec[key].(string); !strings.EqualFold(v, id) {
			rows = append(rows, rec)
		}
	}
	o.Tables[set] = rows
}

// rootBusinessUnit is the business unit without a parent.
func (o *org) rootBusinessUnit() record {
	for _, bu := range o.Tables["businessunits"] {
		if bu["_parentbusinessunitid_value"] == nil {
			return bu
		}
	}
	return nil
}

// str reads a string attribute.
func (r record) str(name string) string {
	v, _ := r[name].(string)
	return v
}

// num reads a numeric attribute, as stored live (int) or restored (float64).
func (r record) num(name string) int {
	switch v := r[name].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}
