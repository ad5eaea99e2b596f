package devops

import (
	"net/http"
	"slices"
	"time"
)

// groupEntitlement is a group rule: every member of the group gets the
// access level (and, in the real service, extensions and project access).
type groupEntitlement struct {
	GroupDescriptor string    `json:"groupDescriptor"`
	LicenseType     string    `json:"accountLicenseType"` // express is Basic
	LicensingSource string    `json:"licensingSource"`
	Created         time.Time `json:"created"`
}

// accountLicenseTypes are the AccessLevel.accountLicenseType values of the
// 7.1 MemberEntitlementManagement spec, with the names the portal shows.
var accountLicenseTypes = map[string]string{"none": "None", "earlyAdopter": "Early Adopter", "express": "Basic",
	"professional": "Professional", "advanced": "Basic + Test Plans", "stakeholder": "Stakeholder"}

// licensingSources are the AccessLevel.licensingSource values of the spec.
var licensingSources = []string{"none", "account", "msdn", "profile", "auto", "trial"}

// groupEntitlementRoutes serve group rules on vsaex.dev.azure.com
// (MicrosoftDocs/vsts-rest-api-specs · specification/memberEntitlementManagement/
// 7.1/memberEntitlementManagement.json, 7.1-preview.1; bodies as
// microsoft/terraform-provider-azuredevops · azuredevops/internal/service/
// memberentitlementmanagement/resource_group_entitlement.go sends them).
func groupEntitlementRoutes() []route {
	return []route{
		{hostVSAEX, http.MethodGet, "_apis/groupentitlements", listGroupEntitlements},
		{hostVSAEX, http.MethodPost, "_apis/groupentitlements", addGroupEntitlement},
		{hostVSAEX, http.MethodGet, "_apis/groupentitlements/{groupId}", getGroupEntitlement},
		{hostVSAEX, http.MethodPatch, "_apis/groupentitlements/{groupId}", updateGroupEntitlement},
		{hostVSAEX, http.MethodDelete, "_apis/groupentitlements/{groupId}", deleteGroupEntitlement},
	}
}

func (o *organization) groupEntitlement(groupID string) (*groupEntitlement, *graphGroup) {
	for _, e := range o.GroupEntitlements {
		if g := o.group(e.GroupDescriptor); g != nil && sameName(g.ID, groupID) {
			return e, g
		}
	}
	return nil, nil
}

func (q *request) groupEntitlementJSON(e *groupEntitlement, g *graphGroup) map[string]any {
	return map[string]any{"id": g.ID, "group": q.groupJSON(g), "status": "applied", "lastExecuted": e.Created,
		"licenseRule": map[string]any{"accountLicenseType": e.LicenseType, "licensingSource": e.LicensingSource,
			"licenseDisplayName": accountLicenseTypes[e.LicenseType], "status": "active", "assignmentSource": "groupRule"},
		"extensionRules": []any{}, "projectEntitlements": []any{}, "members": []any{}}
}

// groupOperation is the GroupEntitlementOperationReference every write answers.
func (q *request) groupOperation(e *groupEntitlement, g *graphGroup) map[string]any {
	result := map[string]any{"groupId": g.ID, "isSuccess": true, "errors": []any{}}
	if e != nil {
		result["result"] = q.groupEntitlementJSON(e, g)
	}
	return map[string]any{"id": newID(), "status": "succeeded", "completed": true, "haveResultsSucceeded": true,
		"results": []any{result}}
}

func listGroupEntitlements(q *request) {
	var out []map[string]any
	for _, e := range q.org.GroupEntitlements {
		if g := q.org.group(e.GroupDescriptor); g != nil {
			out = append(out, q.groupEntitlementJSON(e, g))
		}
	}
	listOf(q, out)
}

// getGroupEntitlement answers null for a group without a rule, as the spec says.
func getGroupEntitlement(q *request) {
	e, g := q.org.groupEntitlement(q.param("groupId"))
	if e == nil {
		q.ok(nil)
		return
	}
	q.ok(q.groupEntitlementJSON(e, g))
}

// accessLevel is a licenseRule as clients send it.
type accessLevel struct {
	AccountLicenseType string `json:"accountLicenseType"`
	LicensingSource    string `json:"licensingSource"`
}

// validAccessLevel answers 400 and reports false for a rule outside the spec's enums.
func (q *request) validAccessLevel(a accessLevel) bool {
	if _, ok := accountLicenseTypes[a.AccountLicenseType]; !ok || !slices.Contains(licensingSources, orDefault(a.LicensingSource, "account")) {
		q.badRequest("VS403386: The license rule "+a.AccountLicenseType+"/"+a.LicensingSource+" is not valid.", "InvalidLicensingRuleException")
		return false
	}
	return true
}

func addGroupEntitlement(q *request) {
	var in struct {
		Group struct {
			Origin      string `json:"origin"`
			OriginID    string `json:"originId"`
			DisplayName string `json:"displayName"`
			Descriptor  string `json:"descriptor"`
		} `json:"group"`
		LicenseRule accessLevel `json:"licenseRule"`
	}
	if !q.decode(&in) || !q.validAccessLevel(in.LicenseRule) {
		return
	}
	var g *graphGroup
	switch {
	case in.Group.Descriptor != "":
		if g = q.groupParamValue(in.Group.Descriptor); g == nil {
			return
		}
	case sameName(in.Group.Origin, "aad") && in.Group.OriginID != "":
		if g = q.materialise(nil, in.Group.DisplayName, "", in.Group.OriginID); g == nil {
			return
		}
	default:
		q.badRequest("VS403385: A group rule needs a group: origin aad with its originId, or a descriptor.", "InvalidGroupEntitlementException")
		return
	}
	e, _ := q.org.groupEntitlement(g.ID)
	if e == nil {
		e = &groupEntitlement{GroupDescriptor: g.Descriptor, Created: q.s.env.Now().UTC()}
		q.org.GroupEntitlements = append(q.org.GroupEntitlements, e)
	}
	e.LicenseType, e.LicensingSource = in.LicenseRule.AccountLicenseType, orDefault(in.LicenseRule.LicensingSource, "account")
	q.created(q.groupOperation(e, g))
}

// updateGroupEntitlement applies a JSON patch replacing /licenseRule (or
// /accessLevel, as microsoft/terraform-provider-azuredevops sends it).
func updateGroupEntitlement(q *request) {
	e, g := q.org.groupEntitlement(q.param("groupId"))
	if e == nil {
		q.notFound("VS403380: No group rule exists for group "+q.param("groupId")+".", "GroupEntitlementNotFoundException")
		return
	}
	var ops []struct {
		Op    string      `json:"op"`
		Path  string      `json:"path"`
		Value accessLevel `json:"value"`
	}
	if !q.decode(&ops) {
		return
	}
	for _, op := range ops {
		if op.Op != "replace" || (op.Path != "/licenseRule" && op.Path != "/accessLevel") {
			q.badRequest("VS403384: The patch operation "+op.Op+" "+op.Path+" is not supported.", "InvalidPatchOperationException")
			return
		}
		if !q.validAccessLevel(op.Value) {
			return
		}
		e.LicenseType, e.LicensingSource = op.Value.AccountLicenseType, orDefault(op.Value.LicensingSource, "account")
	}
	q.ok(q.groupOperation(e, g))
}

func deleteGroupEntitlement(q *request) {
	e, g := q.org.groupEntitlement(q.param("groupId"))
	if e == nil {
		q.notFound("VS403380: No group rule exists for group "+q.param("groupId")+".", "GroupEntitlementNotFoundException")
		return
	}
	q.org.GroupEntitlements = slices.DeleteFunc(q.org.GroupEntitlements, func(x *groupEntitlement) bool { return x == e })
	q.ok(q.groupOperation(nil, g))
}
