package devops

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"

	"almwiz/providers/transport"
)

// VariableGroupName is the exact name the pipeline templates read.
const VariableGroupName = "alm-accelerator-variable-group"

// Variable is one value of a variable group. Secret values cannot be read
// back, so a secret is written only when the group lacks it or when
// SecretChanged says the caller has a new value (rotation).
type Variable struct {
	Value         string
	Secret        bool
	SecretChanged bool
}

// EnsureVariableGroup makes the variable group name in the project hold
// vars, creating it or updating only when a variable is missing or differs.
// Variables the group has beyond vars are kept, and so is the description
// of a group that exists (description is that of a new one). It returns
// the group id.
func (c *Client) EnsureVariableGroup(ctx context.Context, project, name, description string, vars map[string]Variable) (int, Outcome, error) {
	g, err := c.findVariableGroup(ctx, project, name)
	if err != nil {
		return 0, Found, err
	}
	if g != nil && !variablesDiffer(g, vars) {
		return val(g.Id), Found, nil
	}
	p, err := c.core.GetProject(ctx, core.GetProjectArgs{ProjectId: &project})
	if err != nil {
		return 0, Found, fmt.Errorf("look up project %q for variable group %q: %w", project, name, c.apiError(err))
	}
	if g != nil {
		// The update replaces the group: its own description goes back.
		description = val(g.Description)
	}
	params := &taskagent.VariableGroupParameters{Name: &name, Type: ptr("Vsts"), Description: &description,
		Variables: variableValues(g, vars), VariableGroupProjectReferences: &[]taskagent.VariableGroupProjectReference{{
			Name: &name, ProjectReference: &taskagent.ProjectReference{Id: p.Id, Name: p.Name}}}}
	if g == nil {
		return c.addVariableGroup(ctx, project, name, params)
	}
	_, err = c.agent.UpdateVariableGroup(ctx, taskagent.UpdateVariableGroupArgs{GroupId: g.Id, VariableGroupParameters: params})
	if err != nil {
		return 0, Found, fmt.Errorf("update variable group %q: %w", name, c.apiError(err))
	}
	return val(g.Id), Updated, nil
}

func (c *Client) addVariableGroup(ctx context.Context, project, name string, params *taskagent.VariableGroupParameters) (int, Outcome, error) {
	// A repeated create answers 400 "already exists", so retrying cannot make two.
	g, err := c.agent.AddVariableGroup(transport.RetrySafe(ctx), taskagent.AddVariableGroupArgs{VariableGroupParameters: params})
	if isDuplicate(err) {
		if g, ferr := c.findVariableGroup(ctx, project, name); ferr == nil && g != nil {
			return val(g.Id), Found, nil
		}
	}
	if err != nil {
		return 0, Found, fmt.Errorf("create variable group %q: %w", name, c.apiError(err))
	}
	return val(g.Id), Created, nil
}

// findVariableGroup is the project's group named name, or nil. The SDK drops
// this list's continuation token; the groupName filter narrows the list to
// that one name, so there is nothing to page through.
func (c *Client) findVariableGroup(ctx context.Context, project, name string) (*taskagent.VariableGroup, error) {
	gs, err := c.agent.GetVariableGroups(ctx, taskagent.GetVariableGroupsArgs{Project: &project, GroupName: &name})
	if err != nil {
		return nil, fmt.Errorf("look up variable group %q: %w", name, c.apiError(err))
	}
	for i := range *gs {
		if strings.EqualFold(val((*gs)[i].Name), name) {
			return &(*gs)[i], nil
		}
	}
	return nil, nil
}

// current is a variable as the service answers it (secrets without value).
type current struct {
	value  string
	secret bool
}

func currentVariables(g *taskagent.VariableGroup) map[string]current {
	out := map[string]current{}
	if g == nil || g.Variables == nil {
		return out
	}
	for k, v := range *g.Variables {
		m, _ := v.(map[string]any)
		s, _ := m["value"].(string)
		secret, _ := m["isSecret"].(bool)
		out[k] = current{s, secret}
	}
	return out
}

// variablesDiffer reports whether a wanted variable is missing, has another
// value or secrecy, or is a secret the caller says changed.
func variablesDiffer(g *taskagent.VariableGroup, vars map[string]Variable) bool {
	have := currentVariables(g)
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		want, h := vars[k], have[k]
		_, ok := have[k]
		if !ok || want.Secret != h.secret || (want.Secret && want.SecretChanged) || (!want.Secret && want.Value != h.value) {
			return true
		}
	}
	return false
}

// variableValues is the full variable set to send: the group's own
// variables (secrets without value, which keeps them) overlaid with vars,
// where an unchanged secret that exists is again sent without value.
func variableValues(g *taskagent.VariableGroup, vars map[string]Variable) *map[string]any {
	out := map[string]any{}
	have := currentVariables(g)
	for k, h := range have {
		if h.secret {
			out[k] = taskagent.VariableValue{IsSecret: ptr(true)}
		} else {
			out[k] = taskagent.VariableValue{Value: ptr(h.value)}
		}
	}
	for k, v := range vars {
		h, exists := have[k]
		if v.Secret && exists && h.secret && !v.SecretChanged {
			continue
		}
		out[k] = taskagent.VariableValue{Value: ptr(v.Value), IsSecret: ptr(v.Secret)}
	}
	return &out
}
