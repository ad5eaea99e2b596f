package auth

import "strings"

// DirectoryRole is a Microsoft Entra directory role held by the signed-in
// identity.
type DirectoryRole struct {
	DisplayName string
	TemplateID  string // roleTemplateId: the same in every tenant
}

// Roles are what the signed-in identity may do in a tenant: its directory
// roles and, for a service principal, its application permissions on
// Microsoft Graph. Azure DevOps permissions (Project Collection
// Administrator) are checked by the devops provider, not here.
type Roles struct {
	Directory          []DirectoryRole
	GraphAppRoles      []string // e.g. Application.ReadWrite.All; service principals only
	IsServicePrincipal bool
}

// Directory role template ids (the same in every tenant).
const (
	RoleGlobalAdministrator           = "62e90394-69f5-4237-9190-012177145e10"
	RolePrivilegedRoleAdministrator   = "e8611ab8-c189-46e8-94e1-60213ab1f814"
	RoleApplicationAdministrator      = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
	RoleCloudApplicationAdministrator = "158c047a-c907-4556-b7ef-446551a6b5f7"
	RoleApplicationDeveloper          = "cf1c38e5-3621-4004-a7cb-879624dced7c"
	RoleGroupsAdministrator           = "fdd7a751-b60b-444a-984c-02652fe8fa1c"
	RoleUserAdministrator             = "fe930be7-5e62-47db-91af-98c3a49a38b1"
	RolePowerPlatformAdministrator    = "11648597-926c-4cf3-9c36-bcebb0ba8dcc"
	RoleDynamics365Administrator      = "44367163-eba1-44c3-98af-f5787879f96a"
)

// ability is what the installer needs to be able to do, and the directory
// roles or Graph application permissions that allow it.
type ability struct {
	directoryRoles []string
	graphAppRoles  []string
}

// abilities is the table the Can… helpers read.
var abilities = map[string]ability{
	// The accelerator's app asks only delegated permissions on APIs other
	// than Microsoft Graph (Azure DevOps, Dynamics CRM, PowerApps-Advisor).
	// Granting them tenant-wide is allowed to Global and Privileged Role
	// Administrators and to Cloud Application and Application Administrators,
	// which may consent to any permission except Graph app roles
	// (learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent,
	// "Prerequisites"; entra/identity/role-based-access-control/delegate-by-task,
	// "Consent to any delegated permissions"). A service principal writes the
	// grant (POST /oauth2PermissionGrants) with DelegatedPermissionGrant.
	// ReadWrite.All or Directory.ReadWrite.All (graph/api/oauth2permissiongrant-post,
	// "Permissions"); AppRoleAssignment.ReadWrite.All only assigns app roles.
	"grant consent": {
		directoryRoles: []string{RoleGlobalAdministrator, RolePrivilegedRoleAdministrator, RoleCloudApplicationAdministrator, RoleApplicationAdministrator},
		graphAppRoles:  []string{"DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"},
	},
	"register apps": {
		directoryRoles: []string{RoleGlobalAdministrator, RoleApplicationAdministrator, RoleCloudApplicationAdministrator, RoleApplicationDeveloper},
		graphAppRoles:  []string{"Application.ReadWrite.All"},
	},
	"manage groups": {
		directoryRoles: []string{RoleGlobalAdministrator, RoleGroupsAdministrator, RoleUserAdministrator},
		graphAppRoles:  []string{"Group.ReadWrite.All", "Directory.ReadWrite.All"},
	},
	"administer power platform": {
		directoryRoles: []string{RoleGlobalAdministrator, RolePowerPlatformAdministrator, RoleDynamics365Administrator},
	},
}

// CanGrantConsent reports whether the identity can grant tenant-wide admin
// consent to an application's API permissions.
func (r Roles) CanGrantConsent() bool { return r.can("grant consent") }

// CanRegisterApps reports whether the identity can create app registrations
// whatever the tenant's user settings say.
func (r Roles) CanRegisterApps() bool { return r.can("register apps") }

// CanManageGroups reports whether the identity can create security groups
// and manage their members whatever the tenant's user settings say.
func (r Roles) CanManageGroups() bool { return r.can("manage groups") }

// IsPowerPlatformAdmin reports whether the identity administers Power
// Platform environments (Power Platform, Dynamics 365 or Global Administrator).
func (r Roles) IsPowerPlatformAdmin() bool { return r.can("administer power platform") }

// Has reports whether the identity holds the directory role with this
// template id.
func (r Roles) Has(templateID string) bool {
	for _, d := range r.Directory {
		if strings.EqualFold(d.TemplateID, templateID) {
			return true
		}
	}
	return false
}

func (r Roles) can(what string) bool {
	a := abilities[what]
	for _, id := range a.directoryRoles {
		if r.Has(id) {
			return true
		}
	}
	for _, want := range a.graphAppRoles {
		for _, got := range r.GraphAppRoles {
			if strings.EqualFold(want, got) {
				return true
			}
		}
	}
	return false
}
