package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/licensing"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/memberentitlementmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/webapi"
)

// AccessLevelBasic is the account license type of the Basic access level
// ("express" in the API; the portal says Basic).
const AccessLevelBasic = "express"

// IncludesBasic says an account license type gives at least what Basic
// does: Basic itself ("express", or "earlyAdopter", which Microsoft's
// Terraform provider treats as the same), Basic + Test Plans ("advanced")
// or the legacy "professional". A rule above Basic is never lowered.
func IncludesBasic(licenseType string) bool {
	switch strings.ToLower(licenseType) {
	case "express", "earlyadopter", "advanced", "professional":
		return true
	}
	return false
}

// GroupAccessLevel is the access level a group rule gives the members of a
// Microsoft Entra group, or "" when the group has no rule.
func (c *Client) GroupAccessLevel(ctx context.Context, entraGroupObjectID string) (string, error) {
	e, err := c.groupEntitlement(ctx, entraGroupObjectID)
	if err != nil || e == nil || e.LicenseRule == nil {
		return "", err
	}
	return string(val(e.LicenseRule.AccountLicenseType)), nil
}

// EnsureGroupAccessLevel gives every member of the Microsoft Entra group
// the access level licenseType (e.g. AccessLevelBasic) through a group rule
// (POST vsaex _apis/groupentitlements, 7.1-preview.1, with the body
// microsoft/terraform-provider-azuredevops sends: licenseRule and the group
// by origin aad and originId), or changes the rule's level (PATCH
// /accessLevel). The makers need Basic to use Azure Repos and Pipelines
// (reference/alm-docs.md: "Azure DevOps Basic" for makers).
func (c *Client) EnsureGroupAccessLevel(ctx context.Context, entraGroupObjectID, licenseType string) (Outcome, error) {
	e, err := c.groupEntitlement(ctx, entraGroupObjectID)
	if err != nil {
		return Found, err
	}
	level := licensing.AccountLicenseType(licenseType)
	rule := &licensing.AccessLevel{AccountLicenseType: &level, LicensingSource: &licensing.LicensingSourceValues.Account}
	what := fmt.Sprintf("give Microsoft Entra group %s the %s access level", entraGroupObjectID, licenseType)
	if e != nil && e.LicenseRule != nil && (strings.EqualFold(string(val(e.LicenseRule.AccountLicenseType)), licenseType) ||
		licenseType == AccessLevelBasic && IncludesBasic(string(val(e.LicenseRule.AccountLicenseType)))) {
		return Found, nil
	}
	var op *memberentitlementmanagement.GroupEntitlementOperationReference
	if e == nil {
		// A second add answers the existing rule: safe to retry.
		op, err = c.entitle.AddGroupEntitlement(retrySafe(ctx), memberentitlementmanagement.AddGroupEntitlementArgs{
			GroupEntitlement: &memberentitlementmanagement.GroupEntitlement{LicenseRule: rule,
				Group: &graph.GraphGroup{Origin: ptr("aad"), OriginId: &entraGroupObjectID, SubjectKind: ptr("group")}}})
	} else {
		op, err = c.entitle.UpdateGroupEntitlement(retrySafe(ctx), memberentitlementmanagement.UpdateGroupEntitlementArgs{GroupId: e.Id,
			Document: &[]webapi.JsonPatchOperation{{Op: &webapi.OperationValues.Replace, Path: ptr("/accessLevel"), Value: rule}}})
	}
	if err != nil {
		return Found, fmt.Errorf("%s: %w", what, c.apiError(err))
	}
	if err := operationErrors(op); err != nil {
		return Found, fmt.Errorf("%s: %w", what, err)
	}
	if e == nil {
		return Created, nil
	}
	return Updated, nil
}

// RemoveGroupAccessLevel deletes the group rule of the Microsoft Entra
// group; members keep what they have from elsewhere.
func (c *Client) RemoveGroupAccessLevel(ctx context.Context, entraGroupObjectID string) error {
	e, err := c.groupEntitlement(ctx, entraGroupObjectID)
	if err != nil || e == nil {
		return err
	}
	op, err := c.entitle.DeleteGroupEntitlement(ctx, memberentitlementmanagement.DeleteGroupEntitlementArgs{GroupId: e.Id})
	if err == nil {
		err = operationErrors(op)
	} else if !isNotFound(err) {
		err = c.apiError(err)
	} else {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("remove the access level rule of Microsoft Entra group %s: %w", entraGroupObjectID, err)
	}
	return nil
}

// groupEntitlement is the group rule of the Microsoft Entra group, or nil.
func (c *Client) groupEntitlement(ctx context.Context, entraGroupObjectID string) (*memberentitlementmanagement.GroupEntitlement, error) {
	all, err := c.entitle.GetGroupEntitlements(ctx, memberentitlementmanagement.GetGroupEntitlementsArgs{})
	if err != nil {
		return nil, fmt.Errorf("list the group rules of the organization: %w", c.apiError(err))
	}
	for i, e := range val(all) {
		if e.Group != nil && e.Id != nil && *e.Id != uuid.Nil && strings.EqualFold(val(e.Group.OriginId), entraGroupObjectID) {
			return &val(all)[i], nil
		}
	}
	return nil, nil
}

// operationErrors reports the failed results of a group rule operation.
func operationErrors(op *memberentitlementmanagement.GroupEntitlementOperationReference) error {
	if op == nil {
		return nil
	}
	var msgs []string
	for _, r := range val(op.Results) {
		if val(r.IsSuccess) {
			continue
		}
		for _, kv := range val(r.Errors) {
			msgs = append(msgs, fmt.Sprintf("(%v) %v", val(kv.Key), val(kv.Value)))
		}
		if len(val(r.Errors)) == 0 {
			msgs = append(msgs, "the service reported a failure without a reason")
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}
