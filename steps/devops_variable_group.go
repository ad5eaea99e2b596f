package steps

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// cdsBaseConnectionString is the legacy connection string the CoE CLI wrote:
// the pipelines fill in its $(…) references themselves.
const cdsBaseConnectionString = "AuthType=ClientSecret;ClientId=$(ClientId);ClientSecret=$(ClientSecret);Url="

// variableGroupStep ensures alm-accelerator-variable-group with AADHost, the
// only variable the current templates read, and with legacyVariables the
// ones pre-2023 templates read — never the client secret.
type variableGroupStep struct {
	projectScoped
	loginHost string // the real cloud's login host, even against a sandbox
	legacy    bool
	tenant    string // the app's home tenant step, for TenantID
}

func (b *build) variableGroupStep(o profiles.Organization, pr profiles.Project) Step {
	loginHost := b.cloud.LoginHost
	if b.c != nil {
		loginHost = b.c.Endpoints.LoginHost()
	}
	var needs []string
	if pr.LegacyVariables {
		needs = []string{IDTenant(b.home), IDAppRegistration}
	}
	spec := map[string]any{"name": devops.VariableGroupName, "AADHost": loginHost, "legacy": pr.LegacyVariables}
	return &variableGroupStep{
		projectScoped: b.newProjectScoped(o, pr, []string{"variable-group"}, "Variable group "+devops.VariableGroupName, roleProjectAdmin, spec, needs...),
		loginHost:     loginHost, legacy: pr.LegacyVariables, tenant: IDTenant(b.home),
	}
}

// variables are the group's wanted variables.
func (s *variableGroupStep) variables(env *Env) map[string]devops.Variable {
	vars := map[string]devops.Variable{"AADHost": {Value: s.loginHost}}
	if s.legacy {
		vars["CdsBaseConnectionString"] = devops.Variable{Value: cdsBaseConnectionString}
		vars["ClientId"] = devops.Variable{Value: env.Input(IDAppRegistration, OutAppID)}
		vars["TenantID"] = devops.Variable{Value: env.Input(s.tenant, OutTenantID)}
	}
	return vars
}

// Observe finds the group and compares its variables.
func (s *variableGroupStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	id, matches, err := c.FindVariableGroup(ctx, s.projectID(env), devops.VariableGroupName, s.variables(env))
	if err != nil || id == 0 {
		return Observation{Detail: "variable group " + devops.VariableGroupName + " does not exist"}, err
	}
	obs := Observation{Exists: true, Matches: matches, Link: s.link(id), Outputs: map[string]string{OutVarGroupID: strconv.Itoa(id)}}
	if !matches {
		obs.Detail = "variable group " + devops.VariableGroupName + " lacks or differs in a variable"
	}
	return obs, nil
}

// Apply creates the group or sets the variables that differ, keeping the others.
func (s *variableGroupStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	id, o, err := c.EnsureVariableGroup(ctx, s.projectID(env), devops.VariableGroupName, variableGroupDescription, s.variables(env))
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(OutVarGroupID, strconv.Itoa(id))
	return devopsResult(o, s.link(id)), nil
}

// variableGroupDescription is the description of a variable group almwiz
// creates (taskagent 7.1 VariableGroupParameters.description).
var variableGroupDescription = withMark("ALM Accelerator for Power Platform")

// ProveOwnership refuses to delete a variable group whose description does
// not carry CreatedMark, or that is not the group recorded.
func (s *variableGroupStep) ProveOwnership(ctx context.Context, env *Env) error {
	id := env.Output(OutVarGroupID)
	if id == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	gid, desc, found, err := c.VariableGroupDescription(ctx, s.projectID(env), devops.VariableGroupName)
	if err != nil || !found {
		return err
	}
	what := fmt.Sprintf("variable group %q (%d) in project %s", devops.VariableGroupName, gid, s.projectName)
	if strconv.Itoa(gid) != id {
		return notRecorded(s.id, what, "variable group "+id, s.fix())
	}
	return proveMark(s.id, what, "description", desc, s.fix())
}

// fix is where an admin deletes the group by hand.
func (s *variableGroupStep) fix() string {
	return "delete it in Azure DevOps (Pipelines → Library) of project " + s.projectName
}

// Destroy deletes the group. It does so even when the project goes too:
// a variable group is shared with projects, not held by one.
func (s *variableGroupStep) Destroy(ctx context.Context, env *Env) error {
	id, err := strconv.Atoi(env.Output(OutVarGroupID))
	if err != nil {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	return c.DeleteVariableGroup(ctx, s.projectID(env), id)
}

func (s *variableGroupStep) link(id int) string {
	return s.orgURL + "/" + url.PathEscape(s.projectName) + "/_library?itemType=VariableGroups&view=VariableGroupView&variableGroupId=" + strconv.Itoa(id)
}
