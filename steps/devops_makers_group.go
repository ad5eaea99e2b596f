package steps

import (
	"context"
	"fmt"
	"strconv"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// makersGroupDescription describes the project group almwiz creates
// (graph 7.1 GraphGroupVstsCreationContext.description), with the mark.
var makersGroupDescription = withMark("Makers using the ALM Accelerator for Power Platform")

// outGroupDescriptor is the project group's descriptor, for Destroy.
const outGroupDescriptor = "groupDescriptor"

// outAccessLevelCreated says almwiz made the makers' group rule (Basic), so
// Destroy may remove it; a rule that was there before stays.
const outAccessLevelCreated = "accessLevelRuleCreated"

// projectMakersStep ensures the project group "ALM Accelerator for Makers"
// with the makers' Microsoft Entra group as member and the User role on the
// variable group and on every service connection, and gives the Entra
// group's members the Basic access level through a group rule: makers need
// Azure DevOps Basic (reference/alm-docs.md, overview and prerequisites;
// coe-starter-kit #3531).
type projectMakersStep struct {
	projectScoped
	varGroup    string   // the variable group step
	connections []string // the service connection steps
}

func (b *build) projectMakersStep(o profiles.Organization, pr profiles.Project) Step {
	org := orgName(o)
	s := &projectMakersStep{varGroup: IDProjectStep(org, pr.Name, "variable-group")}
	for _, e := range b.connected(pr) {
		s.connections = append(s.connections, IDProjectStep(org, pr.Name, "service-connection", e.Name))
	}
	needs := append([]string{IDMakersGroup, s.varGroup}, s.connections...)
	spec := map[string]any{"group": devops.MakersGroupName, "role": "User", "accessLevel": devops.AccessLevelBasic}
	s.projectScoped = b.newProjectScoped(o, pr, []string{"makers-group"}, "Project group "+devops.MakersGroupName, roleProjectAdmin, spec, needs...)
	return s
}

// Observe finds the group, its Entra member and its roles.
func (s *projectMakersStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	g, err := c.FindProjectGroup(ctx, s.projectID(env), devops.MakersGroupName)
	if err != nil || g == nil {
		return Observation{Detail: "project group " + devops.MakersGroupName + " does not exist"}, err
	}
	grants, err := s.grants(ctx, env, c, g)
	if err != nil {
		return Observation{}, err
	}
	obs, err := grantsObservation(ctx, grants, s.settingsLink("permissions"))
	obs.Exists, obs.Outputs = true, map[string]string{outGroupDescriptor: g.Descriptor}
	return obs, err
}

// Apply creates the group if need be, then gives it its member and roles.
func (s *projectMakersStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	g, o, err := c.EnsureProjectGroup(ctx, s.projectID(env), devops.MakersGroupName, makersGroupDescription)
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(outGroupDescriptor, g.Descriptor)
	grants, err := s.grants(ctx, env, c, g)
	if err != nil {
		return Outcome{}, err
	}
	out, err := applyGrants(ctx, grants, s.settingsLink("permissions"))
	if o == devops.Created {
		out.Result = ResultCreated
	}
	return out, err
}

// grants are the group's membership and roles.
func (s *projectMakersStep) grants(ctx context.Context, env *Env, c *devops.Client, g *devops.Group) ([]grant, error) {
	identity, err := c.IdentityID(ctx, g.Descriptor)
	if err != nil {
		return nil, err
	}
	entraGroup, pid := env.Input(IDMakersGroup, OutGroupID), s.projectID(env)
	out := []grant{{what: "Microsoft Entra group " + entraGroup + " is a member",
		has: func(ctx context.Context) (bool, error) { return c.HasEntraGroupMember(ctx, g.Descriptor, entraGroup) },
		ensure: func(ctx context.Context) (devops.Outcome, error) {
			return c.EnsureEntraGroupMember(ctx, g.Descriptor, entraGroup)
		}}}
	out = append(out, accessLevelGrant(env, c, entraGroup))
	vg, _ := strconv.Atoi(env.Input(s.varGroup, OutVarGroupID))
	out = append(out, roleGrant(c, "User on the variable group", devops.ScopeVariableGroup, devops.VariableGroupResource(pid, vg), identity, "User"))
	for _, sc := range s.connections {
		id := env.Input(sc, OutEndpointID)
		out = append(out, roleGrant(c, "User on service connection "+id, devops.ScopeServiceEndpoint, devops.ServiceEndpointResource(pid, id), identity, "User"))
	}
	return out, nil
}

// ProveOwnership refuses to delete a project group whose description does
// not carry CreatedMark, or that is not the group recorded. The roles and
// the membership Destroy removes are the group's, proven with it.
func (s *projectMakersStep) ProveOwnership(ctx context.Context, env *Env) error {
	d := env.Output(outGroupDescriptor)
	if d == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	g, err := c.FindProjectGroup(ctx, s.projectID(env), devops.MakersGroupName)
	if err != nil || g == nil {
		return err
	}
	what := fmt.Sprintf("project group %q in project %s", g.DisplayName, s.projectName)
	fix := "delete it in Azure DevOps (Project settings → Permissions) of project " + s.projectName
	if g.Descriptor != d {
		return notRecorded(s.id, what+" ("+g.Descriptor+")", "group "+d, fix)
	}
	if err := proveMark(s.id, what, "description", g.Description, fix); err != nil || env.Output(outAccessLevelCreated) != "true" {
		return err
	}
	return s.proveAccessLevelRule(ctx, env)
}

// proveAccessLevelRule proves the organization's group rule for the makers'
// Microsoft Entra group through that group: a rule for a group almwiz
// created cannot have existed before the install.
func (s *projectMakersStep) proveAccessLevelRule(ctx context.Context, env *Env) error {
	id := env.Input(IDMakersGroup, OutGroupID)
	g, found, err := s.b.homeClient().GroupByID(ctx, id)
	if err != nil || !found {
		return err
	}
	return proveThrough(s.id, "the Basic access level group rule of Microsoft Entra group "+g.DisplayName+" in "+s.orgURL,
		proveMark(s.id, fmt.Sprintf("security group %q (%s)", g.DisplayName, g.ID), "description", g.Description, ""),
		"remove the group rule in Azure DevOps (Organization settings → Permissions → Group rules)")
}

// Destroy takes the group's roles away and deletes it with its membership.
// The roles are removed explicitly: they are held by the resources, not
// by the group.
func (s *projectMakersStep) Destroy(ctx context.Context, env *Env) error {
	d := env.Output(outGroupDescriptor)
	if d == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	grants, err := s.grants(ctx, env, c, &devops.Group{Descriptor: d})
	if err != nil {
		return err
	}
	if err := removeGrants(ctx, grants); err != nil {
		return err
	}
	return c.DeleteGroup(ctx, d)
}

// accessLevelGrant gives the Entra group's members Basic through a group
// rule, after the group is in the organization (the grant before it).
func accessLevelGrant(env *Env, c *devops.Client, entraGroup string) grant {
	return grant{what: "members of Microsoft Entra group " + entraGroup + " get the Basic access level",
		has: func(ctx context.Context) (bool, error) {
			level, err := c.GroupAccessLevel(ctx, entraGroup)
			return devops.IncludesBasic(level), err
		},
		ensure: func(ctx context.Context) (devops.Outcome, error) {
			o, err := c.EnsureGroupAccessLevel(ctx, entraGroup, devops.AccessLevelBasic)
			if err == nil && o == devops.Created {
				env.SetOutput(outAccessLevelCreated, "true")
			}
			return o, err
		},
		remove: func(ctx context.Context) error {
			if env.Output(outAccessLevelCreated) != "true" {
				return nil
			}
			return c.RemoveGroupAccessLevel(ctx, entraGroup)
		}}
}
