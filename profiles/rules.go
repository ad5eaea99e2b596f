package profiles

// Rule is one step of reasoning from the planning answers to a model: when
// every condition holds, the rule votes for Model with Weight, or settles the
// choice outright when Decisive.
type Rule struct {
	ID       string
	Set      string              // "tenant" or "devops"
	When     map[string][]string // question id → accepted choice ids; all must hold
	Model    string
	Weight   int
	Decisive bool
	Reason   string // plain sentence shown to the admin
}

// Caution is a warning shown when Model is the outcome (and When holds, if
// set), or when any outcome but Unless is.
type Caution struct {
	ID     string
	Set    string // "tenant" or "devops"
	Model  string // the outcome it applies to; "" for any
	Unless string // an outcome it does not apply to; "" for none
	When   map[string][]string
	Text   string
}

// TenantRules and DevOpsRules are the recommendation rules. Microsoft gives
// the factors but no table from answers to models; these rules are our
// reading of the guidance (reference/alm-docs.md §1.1), kept as data so they
// can be reviewed and changed with a test case each.
var TenantRules = []Rule{
	{ID: "separate-tenants", Set: "tenant", When: when("tenant.separate-tenants", "yes"), Model: "multi-tenant", Decisive: true,
		Reason: "Development, test and production or partners live in separate Microsoft Entra tenants."},
	{ID: "external-access", Set: "tenant", When: when("tenant.external-access", "yes"), Model: "multi-tenant", Weight: 3,
		Reason: "People from outside the organisation need access; the guidance keeps them in a separate development tenant."},
	{ID: "demo-wanted", Set: "tenant", When: when("tenant.demo-wanted", "yes"), Model: "demo", Weight: 3,
		Reason: "You want a place where people can experiment with the end-to-end ALM process first."},
	{ID: "trial-licences", Set: "tenant", When: when("tenant.trial-licences", "yes"), Model: "demo", Weight: 2,
		Reason: "Trial licences and trial environments suit a demo deployment."},
	{ID: "few-users", Set: "tenant", When: when("tenant.users", "1-5"), Model: "demo", Weight: 1,
		Reason: "About 1–5 people will use it, the size of a demo deployment."},
	{ID: "new-to-alm", Set: "tenant", When: when("tenant.new-to-alm", "yes"), Model: "demo", Weight: 1,
		Reason: "ALM is new to much of the business; a demo tenant lets people learn before production."},
	{ID: "pilot", Set: "tenant", When: when("tenant.maker-growth", "pilot"), Model: "demo", Weight: 1,
		Reason: "Makers start with a small pilot group."},
	{ID: "many-users", Set: "tenant", When: when("tenant.users", "51-1000", "1000+"), Model: "enterprise", Weight: 2,
		Reason: "Many people will use it: an enterprise deployment with development, test and production environments."},
	{ID: "some-users", Set: "tenant", When: when("tenant.users", "6-50"), Model: "enterprise", Weight: 1,
		Reason: "More people will use it than a demo deployment is meant for."},
	{ID: "separate-admin-teams", Set: "tenant", When: when("tenant.separate-admin-teams", "yes"), Model: "enterprise", Weight: 2,
		Reason: "Separate Entra, Power Platform and Azure DevOps admin teams can each apply their part of a shared profile."},
	{ID: "operated-by-team", Set: "tenant", When: when("tenant.operators", "platform-team", "business-units"), Model: "enterprise", Weight: 1,
		Reason: "A team, not one person, will operate the ALM process."},
	{ID: "organisation-wide", Set: "tenant", When: when("tenant.maker-growth", "organisation-wide", "gradual"), Model: "enterprise", Weight: 1,
		Reason: "The maker community grows beyond a pilot, with makers' own development environments."},
	{ID: "self-service", Set: "tenant", When: when("tenant.self-service", "request", "automated"), Model: "enterprise", Weight: 1,
		Reason: "Environments are already requested or provisioned through a process, as the enterprise model expects."},
	{ID: "ready-for-real", Set: "tenant", When: when("tenant.demo-wanted", "no"), Model: "enterprise", Weight: 1,
		Reason: "You are ready to install for real rather than demonstrate."},
}

// DevOpsRules are the Azure DevOps model's rules.
var DevOpsRules = []Rule{
	{ID: "separate-maker-deployments", Set: "devops", When: when("devops.separate-maker-deployments", "yes"), Model: "many:many", Decisive: true,
		Reason: "You need separate Power Platform maker deployments, that is several ALM Accelerator installations."},
	{ID: "separate-storage", Set: "devops", When: when("devops.separate-storage", "yes"), Model: "1:many", Weight: 2,
		Reason: "Teams or business units need separate places to store and manage their solutions."},
	{ID: "different-policies", Set: "devops", When: when("devops.different-policies", "yes"), Model: "1:many", Weight: 2,
		Reason: "Teams have different business sensitivity or DLP policies that are easier to keep apart."},
	{ID: "overhead-worth", Set: "devops", When: when("devops.overhead-worth", "yes"), Model: "1:many", Weight: 1,
		Reason: "The separation is worth running several Azure DevOps processes."},
	{ID: "overhead-not-worth", Set: "devops", When: when("devops.overhead-worth", "no"), Model: "1:1", Weight: 3,
		Reason: "The separation is not worth the overhead of several Azure DevOps processes."},
	{ID: "per-team-assets", Set: "devops", When: when("devops.shared-assets", "per-team"), Model: "1:many", Weight: 1,
		Reason: "Each team keeps its own copy of the templates and shared components."},
	{ID: "central-assets", Set: "devops", When: when("devops.shared-assets", "central"), Model: "1:1", Weight: 1,
		Reason: "Templates and shared components live in one central place."},
	{ID: "per-team-identities", Set: "devops", When: when("devops.own-identities", "per-team"), Model: "1:many", Weight: 1,
		Reason: "Each team manages its own Entra applications and service principals."},
	{ID: "shared-identities", Set: "devops", When: when("devops.own-identities", "shared"), Model: "1:1", Weight: 1,
		Reason: "One app registration is shared across environments and organizations."},
	{ID: "one-place", Set: "devops", When: when("devops.separate-storage", "no"), Model: "1:1", Weight: 1,
		Reason: "All makers can collaborate in one Azure DevOps organization."},
}

// Cautions are the warnings attached to an outcome.
var Cautions = []Caution{
	{ID: "demo-is-for-learning", Set: "tenant", Model: "demo",
		Text: "A demo deployment uses trial licences and is for learning and showing the process to about 1–5 people — not for production apps."},
	{ID: "demo-too-many-users", Set: "tenant", Model: "demo", When: when("tenant.users", "51-1000", "1000+"),
		Text: "You expect many users; move to an enterprise deployment before production use."},
	{ID: "multi-tenant-app", Set: "tenant", Model: "multi-tenant",
		Text: "The app registration must allow multi-tenant sign-in and be consented in every tenant; an admin of each tenant may have to grant consent."},
	{ID: "multi-tenant-connector", Set: "tenant", Model: "multi-tenant",
		Text: "The accelerator's custom Azure DevOps connector does not work across tenants: keep Azure DevOps in the tenant of the host environment."},
	{ID: "many-many-not-recommended", Set: "devops", Model: "many:many",
		Text: "Microsoft does not recommend many:many: each installation must be updated and managed separately, and projects are shown to users only through role-based security."},
	{ID: "one-many-overhead", Set: "devops", Model: "1:many",
		Text: "Each organization needs its own variable group, service connections and build-service permissions, and every one must be updated when the secret is rotated."},
	{ID: "deprecated", Set: "tenant",
		Text: "Microsoft has deprecated the ALM Accelerator in favour of Pipelines for Power Platform; almwiz installs its last documented release (March 2024)."},

	// The risks below are the ones the guidance names for an answer
	// (reference/alm-docs.md §1.1: tenant-deployments.md, devops-deployment-model.md,
	// app-registration-strategy.md, setup-pipeline-sync.md, overview.md's
	// licences), said where an answer raises them, whatever model wins.
	{ID: "trial-in-production", Set: "tenant", Unless: "demo", When: when("tenant.trial-licences", "yes"),
		Text: "Trial licences and trial environments expire and are not for production: buy Power Apps and Azure DevOps Basic licences before makers depend on this installation."},
	{ID: "guests-in-development-tenant", Set: "tenant", Model: "multi-tenant", When: when("tenant.external-access", "yes"),
		Text: "Invite people from outside the organisation as guests (B2B) into the development tenant only, as the guidance does; keep them out of the tenant that holds production."},
	{ID: "guests-in-the-only-tenant", Set: "tenant", Unless: "multi-tenant", When: when("tenant.external-access", "yes"),
		Text: "People from outside the organisation need access, but this model keeps everything in one tenant: they would be guests where production lives. The guidance keeps them in a separate development tenant (multi-tenant)."},
	{ID: "demo-one-admin", Set: "tenant", Model: "demo", When: when("tenant.separate-admin-teams", "yes"),
		Text: "A demo deployment expects one admin who is Global Administrator, Power Platform Administrator and Azure DevOps organization owner; with separate admin teams, each applies its own --scope of the profile."},
	{ID: "new-to-alm-in-production", Set: "tenant", Unless: "demo", When: when("tenant.new-to-alm", "yes"),
		Text: "ALM is new to much of the business: plan training, or let makers learn in a demo deployment, before they deploy to production through the pipelines."},
	{ID: "environments-by-hand", Set: "tenant", Unless: "demo", When: when("tenant.self-service", "none"),
		Text: "Makers need their own development environments and the pipelines need validation, test and production ones; with no self-service process an admin creates each by hand — decide who, before makers ask."},
	{ID: "one-owner", Set: "tenant", Unless: "demo", When: when("tenant.operators", "one-admin"),
		Text: "One person will own the app registration's secret, the service connections and the pipelines; when the secret expires every pipeline stops. Name a second owner and diary the expiry (almwiz doctor warns 30 days before)."},
	{ID: "licences-per-maker", Set: "tenant", Unless: "demo", When: when("tenant.maker-growth", "organisation-wide"),
		Text: "Every maker needs a Power Apps premium licence (per user or per app) and Azure DevOps Basic access; budget for them before the programme invites makers."},
	{ID: "one-organization-separation", Set: "devops", Model: "1:1", When: when("devops.separate-storage", "yes"),
		Text: "Teams want separate places for their solutions but share one organization: keep them apart by project security — a project per team with its own administrators, and no team able to see the others' repositories."},
	{ID: "one-organization-policies", Set: "devops", Model: "1:1", When: when("devops.different-policies", "yes"),
		Text: "Teams with different sensitivity or DLP policies share one organization: restrict each service connection and variable group to its team's pipelines (pipeline permissions), and each environment to its team's people."},
	{ID: "identities-to-rotate", Set: "devops", When: when("devops.own-identities", "per-team"),
		Text: "Each team's own app registration is another client secret to rotate and more service connections to update when it expires: one almwiz profile per registration, each with its own rotate-secret."},
	{ID: "template-copies-drift", Set: "devops", When: when("devops.shared-assets", "per-team"),
		Text: "Per-team copies of the pipeline templates drift apart: on every upgrade each copy must be synced from the same release tag (the sync-pipeline-repo pipeline)."},
}

// Meanings say what a model means for the install.
var Meanings = map[string][]string{
	"demo": {
		"One tenant and one Azure DevOps organization.",
		"Environments may be created as trial or sandbox environments.",
		"One admin usually holds every role needed.",
	},
	"enterprise": {
		"One tenant with development, validation, test and production environments.",
		"Each admin team can apply its own scope of the shared profile: --scope entra, devops or powerplatform.",
		"Makers get their own development environments and the makers group gives them access.",
	},
	"multi-tenant": {
		"The profile names which tenant holds the app registration, Azure DevOps and each environment.",
		"The app is registered multi-tenant; a service principal, consent and application users are set up per tenant.",
	},
	"1:1":       {"One Azure DevOps organization with one ALM project, shared by all makers."},
	"1:many":    {"Several Azure DevOps organizations or projects, each with its own pipelines, variable group and service connections to the shared environments."},
	"many:many": {"Several ALM Accelerator installations, each with its own host environment and project."},
}

func when(id string, values ...string) map[string][]string {
	return map[string][]string{id: values}
}
