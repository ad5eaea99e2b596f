package steps

import "strings"

// Step ids of the ALM Accelerator installation. They are stable: the
// checkpoint is keyed by them, so renaming one makes a resumed run start
// that step afresh.
const (
	IDAppRegistration    = "entra/app-registration"
	IDMakersGroup        = "entra/makers-group"
	IDClientSecret       = "entra/client-secret"
	IDClientSecretTidy   = "entra/client-secret-cleanup"
	IDRedirectURI        = "entra/custom-connector-redirect-uri"
	IDManagementApp      = "powerplatform/management-app"
	idTenantPrefix       = "entra/tenant/"
	idSPPrefix           = "entra/service-principal/"
	idConsentPrefix      = "entra/admin-consent/"
	idEnvironmentPrefix  = "powerplatform/environment/"
	idDevOpsPrefix       = "devops/"
	idPowerPlatformStart = "powerplatform/"
)

// Output keys steps publish for the steps that need them.
const (
	OutTenantID      = "tenantId"           // entra/tenant/<t>
	OutAppID         = "appId"              // entra/app-registration
	OutAppObjectID   = "objectId"           // entra/app-registration
	OutSPID          = "servicePrincipalId" // entra/service-principal/<t>
	OutGroupID       = "groupId"            // entra/makers-group
	OutKeyID         = "keyId"              // entra/client-secret (the key id, never the value)
	OutSecretKeyID   = "secretKeyId"        // consumers: the key id of the secret they hold
	OutProjectID     = "projectId"
	OutRepositoryID  = "repositoryId"
	OutPipelineID    = "pipelineId"
	OutVarGroupID    = "variableGroupId"
	OutEndpointID    = "endpointId"
	OutEnvName       = "environmentName" // the admin API's environment name (a GUID)
	OutEnvURL        = "environmentUrl"  // https://<host>/
	OutRedirectURL   = "redirectUrl"     // the custom connector's unique redirect URI
	OutConnectionRef = "connectionReferences"
)

// SecretName is the vault name of the app registration's client secret.
const SecretName = "client-secret"

// IDTenant is the step that reads tenant t's id.
func IDTenant(t string) string { return idTenantPrefix + t }

// IDServicePrincipal is the step that ensures the app's service principal in tenant t.
func IDServicePrincipal(t string) string { return idSPPrefix + t }

// IDAdminConsent is the step that grants the app's delegated permissions in tenant t.
func IDAdminConsent(t string) string { return idConsentPrefix + t }

// IDEnvironment is the step that finds or creates environment e.
func IDEnvironment(e string) string { return idEnvironmentPrefix + e }

// IDProjectStep is a step of project pr in organization org, e.g.
// devops/contoso/alm/variable-group.
func IDProjectStep(org, pr string, parts ...string) string {
	return idDevOpsPrefix + strings.ToLower(org) + "/" + pr + "/" + strings.Join(parts, "/")
}

// IDExtensions is the step that installs organization org's extensions.
func IDExtensions(org string) string { return idDevOpsPrefix + strings.ToLower(org) + "/extensions" }

// IDHostStep is a step in host environment e, e.g. powerplatform/host/alm-solution.
func IDHostStep(e string, part string) string { return idPowerPlatformStart + e + "/" + part }
