package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/security"
)

// Security namespaces the build service is granted permissions in.
var (
	NamespaceGitRepositories = uuid.MustParse("2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87")
	NamespaceBuild           = uuid.MustParse("33344d9c-fc72-4d6f-aba5-fa317101a7e9")
)

// GitActions are what both build service identities need on every
// repository of the project (token repoV2/<projectId>): 4+16+2048+16384 =
// 18452. The pipelines push to the makers' solution repositories, made
// after the install, so the grant is project-wide ("all repositories",
// reference/alm-docs.md §3.7).
var GitActions = []string{"GenericContribute", "CreateBranch", "EditPolicies", "PullRequestContribute"}

// BuildActions are what both build service identities need on the
// project's pipelines (token <projectId>): edit build pipeline, edit build
// quality, manage build queue, override check-in validation, update build
// information, view build pipeline, view builds.
var BuildActions = []string{"EditBuildDefinition", "EditBuildQuality", "ManageBuildQueue", "OverrideBuildCheckInValidation",
	"UpdateBuildInformation", "ViewBuildDefinition", "ViewBuilds"}

// GitRepositoryToken is the security token of a repository.
func GitRepositoryToken(projectID, repoID string) string { return "repoV2/" + projectID + "/" + repoID }

// GitProjectToken is the security token of every repository of a project,
// the "All repositories" level of Project settings → Repositories → Security.
func GitProjectToken(projectID string) string { return "repoV2/" + projectID }

// ActionBits adds up the bits of the named actions of a namespace, as the
// security namespaces API publishes them.
func (c *Client) ActionBits(ctx context.Context, namespace uuid.UUID, actions []string) (int, error) {
	nss, err := c.security.QuerySecurityNamespaces(ctx, security.QuerySecurityNamespacesArgs{SecurityNamespaceId: &namespace})
	if err != nil || len(*nss) == 0 {
		return 0, fmt.Errorf("read security namespace %s: %w", namespace, c.apiErrorOr(err, "not found"))
	}
	bits := 0
	for _, want := range actions {
		found := false
		for _, a := range val((*nss)[0].Actions) {
			if strings.EqualFold(val(a.Name), want) {
				bits, found = bits|val(a.Bit), true
			}
		}
		if !found {
			return 0, fmt.Errorf("read security namespace %s: it has no action %q", namespace, want)
		}
	}
	return bits, nil
}

// EnsureACE allows the bits allow to descriptor on token in a namespace,
// merging them into what it has; it writes only when a bit is missing.
func (c *Client) EnsureACE(ctx context.Context, namespace uuid.UUID, token, descriptor string, allow int) (Outcome, error) {
	if ok, err := c.HasACE(ctx, namespace, token, descriptor, allow); err != nil || ok {
		return Found, err
	}
	what := fmt.Sprintf("permissions %d for %s on %s", allow, descriptor, token)
	// merge OR-s the bits in, so repeating the POST changes nothing.
	_, err := c.security.SetAccessControlEntries(retrySafe(ctx), security.SetAccessControlEntriesArgs{SecurityNamespaceId: &namespace,
		Container: map[string]any{"token": token, "merge": true,
			"accessControlEntries": []map[string]any{{"descriptor": descriptor, "allow": allow, "deny": 0}}}})
	if err != nil {
		return Found, fmt.Errorf("set %s: %w", what, c.apiError(err))
	}
	return Updated, nil
}

// HasACE reports whether descriptor is allowed every bit of allow on token
// in a namespace. It only reads.
func (c *Client) HasACE(ctx context.Context, namespace uuid.UUID, token, descriptor string, allow int) (bool, error) {
	acls, err := c.security.QueryAccessControlLists(ctx, security.QueryAccessControlListsArgs{SecurityNamespaceId: &namespace,
		Token: &token, Descriptors: &descriptor, IncludeExtendedInfo: ptr(false)})
	if err != nil {
		return false, fmt.Errorf("read permissions %d for %s on %s: %w", allow, descriptor, token, c.apiError(err))
	}
	have := 0
	for _, acl := range *acls {
		if !strings.EqualFold(val(acl.Token), token) || acl.AcesDictionary == nil {
			continue
		}
		for d, ace := range *acl.AcesDictionary {
			if strings.EqualFold(d, descriptor) {
				have |= val(ace.Allow)
			}
		}
	}
	return have&allow == allow, nil
}

// apiErrorOr is apiError, or an error saying msg when err is nil.
func (c *Client) apiErrorOr(err error, msg string) error {
	if err == nil {
		return fmt.Errorf("%s", msg)
	}
	return c.apiError(err)
}
