package devops

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/licensing"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/memberentitlementmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/webapi"
)

func TestGroupRulesGiveAnEntraGroupAnAccessLevel(t *testing.T) {
	sb := newSandbox(t)
	c := must[memberentitlementmanagement.Client](t, "client")(memberentitlementmanagement.NewClient(ctx, sb.conn("contoso")))
	origin := "0dab51cd-54fc-46a2-b7a4-5cc0e2d8a882"
	rule := func(level licensing.AccountLicenseType) *licensing.AccessLevel {
		return &licensing.AccessLevel{AccountLicenseType: &level, LicensingSource: &licensing.LicensingSourceValues.Account}
	}
	op := must[*memberentitlementmanagement.GroupEntitlementOperationReference](t, "add")(c.AddGroupEntitlement(ctx, memberentitlementmanagement.AddGroupEntitlementArgs{
		GroupEntitlement: &memberentitlementmanagement.GroupEntitlement{LicenseRule: rule("express"),
			Group: &graph.GraphGroup{Origin: ptr("aad"), OriginId: &origin, SubjectKind: ptr("group")}}}))
	res := (*op.Results)[0]
	if !*res.IsSuccess || *res.Result.Group.OriginId != origin || *res.Result.LicenseRule.AccountLicenseType != "express" {
		t.Fatalf("add = %+v", res)
	}
	id := res.Result.Id
	list := must[*[]memberentitlementmanagement.GroupEntitlement](t, "list")(c.GetGroupEntitlements(ctx, memberentitlementmanagement.GetGroupEntitlementsArgs{}))
	if len(*list) != 1 || *(*list)[0].Id != *id {
		t.Fatalf("list = %+v", *list)
	}
	_ = must[*memberentitlementmanagement.GroupEntitlementOperationReference](t, "update")(c.UpdateGroupEntitlement(ctx, memberentitlementmanagement.UpdateGroupEntitlementArgs{GroupId: id,
		Document: &[]webapi.JsonPatchOperation{{Op: &webapi.OperationValues.Replace, Path: ptr("/accessLevel"), Value: rule("stakeholder")}}}))
	got := must[*memberentitlementmanagement.GroupEntitlement](t, "get")(c.GetGroupEntitlement(ctx, memberentitlementmanagement.GetGroupEntitlementArgs{GroupId: id}))
	if *got.LicenseRule.AccountLicenseType != "stakeholder" {
		t.Errorf("after the update: %v", *got.LicenseRule.AccountLicenseType)
	}
	_ = must[*memberentitlementmanagement.GroupEntitlementOperationReference](t, "delete")(c.DeleteGroupEntitlement(ctx, memberentitlementmanagement.DeleteGroupEntitlementArgs{GroupId: id}))
	var none any = "unset"
	if status := sb.call(t, http.MethodGet, "/vsaex/contoso/_apis/groupentitlements/"+id.String()+"?api-version=7.1-preview.1", nil, &none); status != http.StatusOK || none != nil {
		t.Errorf("get after delete: %d %v, want 200 null", status, none)
	}
	bad := map[string]any{"licenseRule": map[string]string{"accountLicenseType": "basic", "licensingSource": "account"},
		"group": map[string]string{"origin": "aad", "originId": uuid.NewString()}}
	if status := sb.call(t, http.MethodPost, "/vsaex/contoso/_apis/groupentitlements?api-version=7.1-preview.1", bad, nil); status != http.StatusBadRequest {
		t.Errorf("a license type outside the spec's enum: %d, want 400", status)
	}
}
