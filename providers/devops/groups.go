package devops

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
)

// MakersGroupName is the project group that gives makers the accelerator's
// resources.
const MakersGroupName = "ALM Accelerator for Makers"

// Group is an Azure DevOps group: a project group, or a Microsoft Entra
// group brought into the organization.
type Group struct {
	Descriptor  string // subject descriptor, e.g. vssgp.… or aadgp.…
	DisplayName string
	Description string
	OriginID    string // the Entra object id for an Entra group
}

func groupOf(g graph.GraphGroup) *Group {
	return &Group{Descriptor: val(g.Descriptor), DisplayName: val(g.DisplayName), Description: val(g.Description), OriginID: val(g.OriginId)}
}

// EnsureProjectGroup creates the project-scoped group name, with this
// description, unless the project has it (whose description is kept).
func (c *Client) EnsureProjectGroup(ctx context.Context, projectID, name, description string) (*Group, Outcome, error) {
	scope, err := c.scopeDescriptor(ctx, projectID)
	if err != nil {
		return nil, Found, err
	}
	byName := func(g graph.GraphGroup) bool { return strings.EqualFold(val(g.DisplayName), name) }
	if g, err := c.findGroup(ctx, scope, nil, byName); err != nil || g != nil {
		return g, Found, err
	}
	// A repeated create answers 409, so retrying cannot make two.
	g, err := c.graph.CreateGroupVsts(retrySafe(ctx), graph.CreateGroupVstsArgs{ScopeDescriptor: &scope,
		CreationContext: &graph.GraphGroupVstsCreationContext{DisplayName: &name, Description: &description}})
	if isDuplicate(err) {
		if found, ferr := c.findGroup(ctx, scope, nil, byName); ferr == nil && found != nil {
			return found, Found, nil
		}
	}
	if err != nil {
		return nil, Found, fmt.Errorf("create group %q: %w", name, c.apiError(err))
	}
	return groupOf(*g), Created, nil
}

// EnsureEntraGroupMember makes the Microsoft Entra group entraGroupObjectID a
// member of the group container, first bringing the Entra group into the
// organization by its object id (origin id) when it is not there yet.
func (c *Client) EnsureEntraGroupMember(ctx context.Context, container, entraGroupObjectID string) (Outcome, error) {
	byOrigin := func(g graph.GraphGroup) bool {
		return strings.EqualFold(val(g.OriginId), entraGroupObjectID) && strings.EqualFold(val(g.Origin), "aad")
	}
	entra, err := c.findGroup(ctx, "", &[]string{"aadgp"}, byOrigin)
	if err != nil {
		return Found, err
	}
	if entra == nil {
		// Bringing an Entra group in by origin id answers the existing one
		// when repeated, and groupDescriptors adds the membership in the same call.
		err := c.untilEntraVisible(ctx, func() error {
			_, err := c.graph.CreateGroupOriginId(retrySafe(ctx), graph.CreateGroupOriginIdArgs{GroupDescriptors: &[]string{container},
				CreationContext: &graph.GraphGroupOriginIdCreationContext{OriginId: &entraGroupObjectID}})
			return err
		})
		if err != nil {
			return Found, fmt.Errorf("add Microsoft Entra group %s to the organization: %w", entraGroupObjectID, c.apiError(err))
		}
		return Created, nil
	}
	err = c.membership(ctx, graph.GetMembershipArgs{SubjectDescriptor: &entra.Descriptor, ContainerDescriptor: &container})
	if err == nil {
		return Found, nil
	}
	if !isNotFound(err) {
		return Found, fmt.Errorf("check membership of Entra group %s: %w", entraGroupObjectID, c.apiError(err))
	}
	if _, err := c.graph.AddMembership(ctx, graph.AddMembershipArgs{SubjectDescriptor: &entra.Descriptor, ContainerDescriptor: &container}); err != nil {
		return Found, fmt.Errorf("add Entra group %s to group %s: %w", entraGroupObjectID, container, c.apiError(err))
	}
	return Created, nil
}

// entraReplicationWaits bounds how long untilEntraVisible waits: the poll
// interval doubling up to 15 of them, 12 times (about 4.5 minutes at the
// default 2 s poll).
const (
	entraReplicationAttempts = 12
	entraReplicationMaxPolls = 15
)

// untilEntraVisible runs add, which brings a Microsoft Entra group into the
// organization, again while the service answers 503: a group just created
// in Entra is not yet known to Azure DevOps, which answers 503 until the
// directory has replicated (microsoft/terraform-provider-azuredevops issues
// #298, #382, #896). The transport's own retries of a 503 are too short for
// that. Repeating is safe: a group already brought in is answered as it is.
func (c *Client) untilEntraVisible(ctx context.Context, add func() error) error {
	d := c.poll
	for i := 1; ; i++ {
		err := add()
		if !isStatus(err, http.StatusServiceUnavailable) || i >= entraReplicationAttempts {
			return err
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
		d = min(2*d, entraReplicationMaxPolls*c.poll)
	}
}

// IdentityID is the identity id (storage key) of a subject descriptor, as
// role assignments and identities know it.
func (c *Client) IdentityID(ctx context.Context, descriptor string) (string, error) {
	k, err := c.graph.GetStorageKey(ctx, graph.GetStorageKeyArgs{SubjectDescriptor: &descriptor})
	if err != nil {
		return "", fmt.Errorf("look up the identity of %s: %w", descriptor, c.apiError(err))
	}
	return k.Value.String(), nil
}

// scopeDescriptor is the graph scope descriptor (scp.…) of a project.
func (c *Client) scopeDescriptor(ctx context.Context, projectID string) (string, error) {
	id, err := uuid.Parse(projectID)
	if err != nil {
		return "", fmt.Errorf("look up the scope of project %q: not a project id", projectID)
	}
	d, err := c.graph.GetDescriptor(ctx, graph.GetDescriptorArgs{StorageKey: &id})
	if err != nil {
		return "", fmt.Errorf("look up the scope of project %s: %w", projectID, c.apiError(err))
	}
	return val(d.Value), nil
}

// findGroup pages through the groups of scope ("" for the whole
// organization) and returns the first that match accepts, or nil.
func (c *Client) findGroup(ctx context.Context, scope string, kinds *[]string, match func(graph.GraphGroup) bool) (*Group, error) {
	args := graph.ListGroupsArgs{SubjectTypes: kinds}
	if scope != "" {
		args.ScopeDescriptor = &scope
	}
	for {
		page, err := c.graph.ListGroups(ctx, args)
		if err != nil {
			return nil, fmt.Errorf("list groups: %w", c.apiError(err))
		}
		for _, g := range val(page.GraphGroups) {
			if match(g) {
				return groupOf(g), nil
			}
		}
		next := val(page.ContinuationToken)
		if len(next) == 0 || next[0] == "" || len(val(page.GraphGroups)) == 0 {
			return nil, nil
		}
		args.ContinuationToken = &next[0]
	}
}

// membership reads one membership: nil when it exists, a 404 when not. It
// uses GET, not the SDK's CheckMembershipExistence: that sends HEAD, and the
// SDK fails to read the bodiless 404 of a HEAD ("unexpected end of JSON
// input") instead of reporting the status.
func (c *Client) membership(ctx context.Context, args graph.GetMembershipArgs) error {
	_, err := c.graph.GetMembership(ctx, args)
	return err
}
