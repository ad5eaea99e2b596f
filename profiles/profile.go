// Package profiles holds what an admin decides before an install: the planning
// questions and their answers, the recommendation of a tenant model and an
// Azure DevOps model, and the install profile file that records it all
// (shareable YAML, never a secret). It is pure: besides reading and writing
// profile files it does no I/O.
package profiles

import "path/filepath"

// APIVersion and Kind identify an install profile document.
const (
	APIVersion  = "almwiz/v1"
	KindProfile = "InstallProfile"
)

// Defaults from the ALM Accelerator's documentation and its last release.
const (
	DefaultAppRegistration    = "ALMAcceleratorServicePrincipal"
	DefaultMakersGroup        = "ALMAcceleratorForMakers"
	DefaultSecretDisplayName  = "almwiz"
	DefaultSecretLifetimeDays = 180
	DefaultPipelineRepository = "pipelines"
	DefaultTemplateRepository = "https://github.com/microsoft/coe-alm-accelerator-templates"
	DefaultTemplateRef        = "CenterofExcellenceALMAccelerator-March2024"
	DefaultSolutionVersion    = "1.0.20240305.1"
	DefaultAppUserRole        = "System Administrator"
	DefaultProject            = "alm"
)

// Profile is one ALM Accelerator installation as an admin team agreed it.
type Profile struct {
	APIVersion   string       `yaml:"apiVersion" desc:"Always almwiz/v1."`
	Kind         string       `yaml:"kind" desc:"Always InstallProfile."`
	Metadata     Metadata     `yaml:"metadata"`
	Answers      Answers      `yaml:"answers,omitempty" desc:"The planning answers, by question id (almwiz recommend lists them)."`
	Models       Models       `yaml:"models"`
	Cloud        string       `yaml:"cloud" enum:"public,usgov,usgov-high,dod,china" desc:"The Microsoft cloud the tenants live in."`
	Tenants      Tenants      `yaml:"tenants" desc:"The Microsoft Entra tenants, by a short name that other sections refer to."`
	Identity     Identity     `yaml:"identity"`
	DevOps       DevOps       `yaml:"devops"`
	Environments Environments `yaml:"environments" desc:"The Power Platform environments, by a short name (host, validation, test, production, or a maker's development environment)."`
	Solution     Solution     `yaml:"solution"`
	Options      Options      `yaml:"options,omitempty"`

	marks marks  // where each field stood in the file it was loaded from
	base  string // the directory of that file: relative paths in it start there
}

// SolutionFile is the path of solution.file, resolved against the
// directory of the profile file (not the current directory), absolute.
func (p *Profile) SolutionFile() string {
	f := p.Solution.File
	if f == "" || filepath.IsAbs(f) {
		return f
	}
	if abs, err := filepath.Abs(filepath.Join(p.base, f)); err == nil {
		return abs
	}
	return filepath.Join(p.base, f)
}

// Metadata names the profile.
type Metadata struct {
	Name        string `yaml:"name" desc:"A short name for this installation; the state directory is named after it."`
	Description string `yaml:"description,omitempty"`
}

// Models records the chosen deployment models and any departure from the recommendation.
type Models struct {
	Tenant   TenantModel `yaml:"tenant" enum:"demo,enterprise,multi-tenant"`
	DevOps   DevOpsModel `yaml:"devops" enum:"1:1,1:many,many:many"`
	Override *Override   `yaml:"override,omitempty" desc:"Set when the admin chose a model other than the recommended one."`
}

// Override records that the admin departed from the recommendation, and why.
type Override struct {
	RecommendedTenant TenantModel `yaml:"recommendedTenant,omitempty" enum:"demo,enterprise,multi-tenant"`
	RecommendedDevOps DevOpsModel `yaml:"recommendedDevops,omitempty" enum:"1:1,1:many,many:many"`
	Reason            string      `yaml:"reason" desc:"Why the admin chose differently."`
}

// Tenant is a Microsoft Entra tenant taking part in the installation.
type Tenant struct {
	Name   string   `yaml:"-"`
	Domain string   `yaml:"domain" desc:"The tenant's domain, e.g. contoso.onmicrosoft.com."`
	ID     string   `yaml:"id,omitempty" format:"uuid" desc:"The tenant id (a GUID), if known."`
	Holds  []string `yaml:"holds,omitempty" enum:"entra,devops,powerplatform" desc:"What this tenant holds."`
}

// Identity is the Entra side of the installation: the app registration used
// as service principal by the pipelines and the makers group.
type Identity struct {
	Tenant          string     `yaml:"tenant" desc:"The tenant (by name) where the app is registered."`
	AppRegistration string     `yaml:"appRegistration" desc:"Display name and unique name of the app registration."`
	MakersGroup     string     `yaml:"makersGroup" desc:"Display name of the Entra security group for makers."`
	Credential      Credential `yaml:"credential"`
	ManagementApp   *bool      `yaml:"managementApp,omitempty" desc:"Register the app as a Power Platform management application (default true)."`
}

// Credential describes the app's client secret; the secret itself never
// appears in a profile.
type Credential struct {
	Kind         string `yaml:"kind" enum:"client-secret" desc:"The pipeline templates read a client secret from their service connections, so client-secret is the only kind they support."`
	DisplayName  string `yaml:"displayName" desc:"Display name of the client secret in Entra."`
	LifetimeDays int    `yaml:"lifetimeDays" min:"1" max:"730" desc:"Days until the secret expires; almwiz rotate-secret replaces it."`
}

// DevOps lists the Azure DevOps organizations of the installation.
type DevOps struct {
	Organizations []Organization `yaml:"organizations"`
}

// Organization is an Azure DevOps organization and its ALM projects.
type Organization struct {
	URL        string    `yaml:"url" desc:"https://dev.azure.com/<org> or https://<org>.visualstudio.com"`
	Tenant     string    `yaml:"tenant" desc:"The tenant (by name) backing the organization."`
	Extensions []string  `yaml:"extensions,omitempty" desc:"Marketplace extensions (publisher.extension); default: the two the accelerator needs and the SARIF viewer."`
	Projects   []Project `yaml:"projects"`
}

// Project is an Azure DevOps project holding the pipeline templates, the
// core pipelines, the variable group and the service connections.
type Project struct {
	Name               string    `yaml:"name"`
	Create             bool      `yaml:"create,omitempty" desc:"Create the project if it does not exist."`
	PipelineRepository string    `yaml:"pipelineRepository" desc:"Repository that receives the pipeline templates."`
	Templates          Templates `yaml:"templates"`
	Host               string    `yaml:"host,omitempty" desc:"The host environment (by name) this project serves; needed only with several hosts (many:many)."`
	Environments       []string  `yaml:"environments,omitempty" desc:"Environments (by name) that get a service connection; default: every environment except the host."`
	LegacyVariables    bool      `yaml:"legacyVariables,omitempty" desc:"Also write the variables only pre-2023 templates read (no secret is written)."`
}

// Templates says where the pipeline templates are imported from.
type Templates struct {
	Repository string `yaml:"repository" desc:"Git URL of the template repository."`
	Ref        string `yaml:"ref" desc:"Tag imported; pinned to the tag that matches the solution release."`
}

// Environment is a Power Platform environment with Dataverse.
type Environment struct {
	Name    string             `yaml:"-"`
	Purpose Purpose            `yaml:"purpose,omitempty" enum:"host,development,validation,test,production" desc:"Defaults to the environment's name when that is a purpose."`
	Tenant  string             `yaml:"tenant" desc:"The tenant (by name) holding the environment."`
	URL     string             `yaml:"url,omitempty" desc:"An existing environment's Dataverse URL, https://<name>.crm<N>.dynamics.com/"`
	Create  *EnvironmentCreate `yaml:"create,omitempty" desc:"Create the environment instead of using an existing one."`
}

// EnvironmentCreate describes an environment almwiz creates.
type EnvironmentCreate struct {
	DomainName  string `yaml:"domainName" desc:"The first label of the Dataverse URL."`
	DisplayName string `yaml:"displayName,omitempty"`
	Location    string `yaml:"location" desc:"Power Platform location, e.g. unitedstates, europe."`
	Type        string `yaml:"type" enum:"Sandbox,Production,Trial,Developer"`
	Currency    string `yaml:"currency,omitempty" desc:"ISO currency code (default USD)."`
	Language    int    `yaml:"language,omitempty" desc:"Base language LCID (default 1033)."`
}

// Solution says where the ALM Accelerator solution comes from.
type Solution struct {
	Source  string `yaml:"source" enum:"release,url,file" desc:"release: the CoE Starter Kit release asset; url or file: a managed solution zip."`
	Version string `yaml:"version,omitempty" desc:"The release version to install (default the last documented release)."`
	URL     string `yaml:"url,omitempty"`
	File    string `yaml:"file,omitempty"`
}

// Options are the less common switches.
type Options struct {
	CreatorKit  *bool  `yaml:"creatorKit,omitempty" desc:"Import the Creator Kit core solution first (default true; the accelerator needs it)."`
	AppUserRole string `yaml:"appUserRole,omitempty" desc:"Security role of the application users (default System Administrator)."`
	// TrustedSources is the explicit opt-in for code that is not Microsoft's.
	TrustedSources []string `yaml:"trustedSources,omitempty" desc:"Template repositories and solution URLs other than Microsoft's that you trust, each exactly as given above: their pipelines run with the app's client secret, their solution is imported as System Administrator."`
}

// TenantModel is the tenant deployment model.
type TenantModel string

// The tenant models of Microsoft's guidance.
const (
	TenantDemo        TenantModel = "demo"
	TenantEnterprise  TenantModel = "enterprise"
	TenantMultiTenant TenantModel = "multi-tenant"
)

// DevOpsModel is the Azure DevOps deployment model.
type DevOpsModel string

// The Azure DevOps models of Microsoft's guidance.
const (
	DevOpsOneToOne   DevOpsModel = "1:1"
	DevOpsOneToMany  DevOpsModel = "1:many"
	DevOpsManyToMany DevOpsModel = "many:many"
)

// Purpose is what an environment is for.
type Purpose string

// Environment purposes.
const (
	PurposeHost        Purpose = "host"
	PurposeDevelopment Purpose = "development"
	PurposeValidation  Purpose = "validation"
	PurposeTest        Purpose = "test"
	PurposeProduction  Purpose = "production"
)
