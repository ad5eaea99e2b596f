package steps

import (
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// Roles the Power Platform steps need, shown in the plan and in errors.
const (
	rolePowerPlatformAdmin = "Power Platform Administrator"
	roleSystemAdminIn      = "System Administrator in "
)

// outSystemUserID is the application user's systemuserid, which its step
// records for the record.
const outSystemUserID = "systemUserId"

// powerPlatformSteps are the Power Platform steps (reference §5): every
// environment found or created with the app's application user in it, the
// management app, and in each host the Creator Kit, the ALM Accelerator
// solution, its custom connector, connection references, flows, canvas app
// sharing and the makers' group team.
func (b *build) powerPlatformSteps() []Step {
	var out []Step
	for _, e := range b.p.Environments {
		out = append(out, b.environmentStep(e), b.applicationUserStep(e))
	}
	out = append(out, b.managementAppStep())
	for _, h := range b.hosts() {
		out = append(out, b.hostSteps(h)...)
	}
	return out
}

// hostSteps are the steps that install the accelerator in host h.
func (b *build) hostSteps(h profiles.Environment) []Step {
	var out []Step
	if b.creatorKit() {
		out = append(out, b.canvasCodeComponentsStep(h), b.creatorKitStep(h))
	}
	return append(out, b.almSolutionStep(h), b.customConnectorStep(h), b.connectionReferencesStep(h),
		b.flowsStep(h), b.appSharingStep(h), b.connectorSharingStep(h), b.makersTeamStep(h))
}

// creatorKit says whether the Creator Kit is imported (default yes).
func (b *build) creatorKit() bool { return b.p.Options.CreatorKit == nil || *b.p.Options.CreatorKit }

// ppStep is what every Power Platform step shares: its identity in the
// plan, the environment it works in and its desired state.
type ppStep struct {
	b       *build
	id      string
	title   string
	service string
	role    string
	needs   []string
	spec    any
	env     profiles.Environment // zero for the management app
}

// newPPStep is a step in environment e, needing the environment step and needs.
func (b *build) newPPStep(e profiles.Environment, part, title string, spec any, needs ...string) ppStep {
	return ppStep{b: b, id: IDHostStep(e.Name, part), title: title, service: "Power Platform · " + e.Name,
		role: roleSystemAdminIn + e.Name, needs: append([]string{IDEnvironment(e.Name)}, needs...), spec: spec, env: e}
}

// ID is the step's stable id.
func (s *ppStep) ID() string { return s.id }

// Title is what the progress view shows.
func (s *ppStep) Title() string { return s.title }

// Service groups the step under its environment.
func (s *ppStep) Service() string { return s.service }

// Scope is the Power Platform admins' scope.
func (s *ppStep) Scope() string { return ScopePowerPlatform }

// Role is the admin role the step needs.
func (s *ppStep) Role() string { return s.role }

// Needs are the steps whose outputs this one reads.
func (s *ppStep) Needs() []string { return s.needs }

// SpecHash is the hash of the desired state.
func (s *ppStep) SpecHash() string { return HashSpec(s.spec) }

// client is the Power Platform client of the step's tenant.
func (s *ppStep) client() *powerplatform.Client {
	tenant := s.env.Tenant
	if s.env.Name == "" {
		tenant = s.b.home
	}
	return s.b.c.PowerPlatform(s.b.tenantDomain(tenant))
}

// envName is the admin API's name (a GUID) of the step's environment.
func (s *ppStep) envName(env *Env) (string, error) {
	return s.input(env, IDEnvironment(s.env.Name), OutEnvName, "the environment's id")
}

// dataverse opens the Web API of the step's environment.
func (s *ppStep) dataverse(env *Env) (*powerplatform.Dataverse, error) {
	u := env.Input(IDEnvironment(s.env.Name), OutEnvURL)
	if u == "" {
		u = s.b.envURL(s.env)
	}
	return s.client().Dataverse(u)
}

// appID is the app registration's application (client) id.
func (s *ppStep) appID(env *Env) (string, error) {
	return s.input(env, IDAppRegistration, OutAppID, "the app registration's application id")
}

// groupID is the makers group's object id.
func (s *ppStep) groupID(env *Env) (string, error) {
	return s.input(env, IDMakersGroup, OutGroupID, "the makers group's object id")
}

// input reads an output of a step this one needs; missing, it fails
// saying which part of the install publishes it.
func (s *ppStep) input(env *Env, stepID, key, what string) (string, error) {
	if v := env.Input(stepID, key); v != "" {
		return v, nil
	}
	return "", &StepError{StepID: s.id, Err: fmt.Errorf("%s is not known: %s has not recorded it", what, stepID),
		Suggestion: fmt.Sprintf("apply %s first (almwiz apply --scope %s, by the admin of that part), then run this again",
			stepID, scopeOfID(stepID))}
}

// scopeOfID is the admin scope of a step id: its first segment.
func scopeOfID(id string) string {
	scope, _, _ := strings.Cut(id, "/")
	return scope
}

// leftInPlace is the Destroy of a step whose resource almwiz does not
// remove: it says so, so that the admin is not misled by "deleted".
func leftInPlace(env *Env, what string) error {
	env.Progress(what + " is left in place; remove it in the maker portal if it is no longer wanted")
	return nil
}
