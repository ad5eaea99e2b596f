package auth

import (
	"context"
	"fmt"
)

// graphAppID is Microsoft Graph's application id, the same in every cloud.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// Roles reads the signed-in identity's directory roles in tenant from
// Microsoft Graph — for a person through /me/transitiveMemberOf, for a
// service principal through its memberships and its app role assignments
// on Graph.
func (s *Signer) Roles(ctx context.Context, tenant string) (Roles, error) {
	if s.sp == nil {
		items, err := s.graphList(ctx, tenant, "/me/transitiveMemberOf")
		if err != nil {
			return Roles{}, fmt.Errorf("read your directory roles in %s: %w", tenant, err)
		}
		return Roles{Directory: directoryRoles(items)}, nil
	}
	return s.servicePrincipalRoles(ctx, tenant)
}

// servicePrincipalRoles reads a service principal's directory roles and the
// Graph application permissions granted to it.
func (s *Signer) servicePrincipalRoles(ctx context.Context, tenant string) (Roles, error) {
	acct, err := s.servicePrincipalAccount(ctx, tenant)
	if err != nil {
		return Roles{}, err
	}
	r := Roles{IsServicePrincipal: true}
	items, err := s.graphList(ctx, tenant, "/servicePrincipals/"+acct.ObjectID+"/transitiveMemberOf")
	if err != nil {
		return Roles{}, fmt.Errorf("read the directory roles of service principal %s: %w", s.sp.clientID, err)
	}
	r.Directory = directoryRoles(items)
	if r.GraphAppRoles, err = s.graphAppRoles(ctx, tenant, acct.ObjectID); err != nil {
		return Roles{}, fmt.Errorf("read the Graph permissions of service principal %s: %w", s.sp.clientID, err)
	}
	return r, nil
}

// graphAppRoles names the app roles on Microsoft Graph assigned to the
// service principal with object id spID.
func (s *Signer) graphAppRoles(ctx context.Context, tenant, spID string) ([]string, error) {
	var graphSP struct {
		ID       string `json:"id"`
		AppRoles []struct {
			ID    string `json:"id"`
			Value string `json:"value"`
		} `json:"appRoles"`
	}
	if err := s.graphGet(ctx, tenant, servicePrincipalPath(graphAppID), &graphSP); err != nil {
		return nil, err
	}
	assignments, err := s.graphList(ctx, tenant, "/servicePrincipals/"+spID+"/appRoleAssignments")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, a := range assignments {
		for _, role := range graphSP.AppRoles {
			if a["resourceId"] == graphSP.ID && a["appRoleId"] == role.ID {
				names = append(names, role.Value)
			}
		}
	}
	return names, nil
}

// directoryRoles keeps the directory roles of a memberOf listing (which
// also lists groups and administrative units).
func directoryRoles(items []map[string]any) []DirectoryRole {
	var roles []DirectoryRole
	for _, it := range items {
		if it["@odata.type"] != "#microsoft.graph.directoryRole" {
			continue
		}
		name, _ := it["displayName"].(string)
		id, _ := it["roleTemplateId"].(string)
		roles = append(roles, DirectoryRole{DisplayName: name, TemplateID: id})
	}
	return roles
}
