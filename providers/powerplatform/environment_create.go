package powerplatform

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/transport"
)

// Spec is the environment almwiz creates: always with Dataverse.
type Spec struct {
	DisplayName     string
	DomainName      string // the Dataverse URL's first label, e.g. contoso-test
	Location        string // e.g. unitedstates, europe
	Type            string // Sandbox, Production, Trial or Developer
	Currency        string // ISO code; default USD
	Language        int    // LCID; default 1033 (English)
	SecurityGroupID string // optional Entra group that limits who can use it
	Description     string
}

// createEnvironmentBody is environmentCreateDto.
func (s Spec) body() map[string]any {
	meta := map[string]any{"domainName": s.DomainName, "baseLanguage": s.Language, "currency": map[string]any{"code": s.Currency}}
	if s.SecurityGroupID != "" {
		meta["securityGroupId"] = s.SecurityGroupID
	}
	return map[string]any{"location": s.Location, "properties": map[string]any{
		"displayName": s.DisplayName, "description": s.Description, "environmentSku": s.Type,
		"databaseType": "CommonDataService", "linkedEnvironmentMetadata": meta,
	}}
}

func (s Spec) withDefaults() Spec {
	if s.Currency == "" {
		s.Currency = "USD"
	}
	if s.Language == 0 {
		s.Language = 1033
	}
	return s
}

// CreateEnvironment asks for a new environment with Dataverse and returns,
// before anything is waited for, the URL to follow: the lifecycle operation
// the admin API answers with (or, when it creates at once, the environment
// itself). Record it, then call WaitEnvironment; a resumed run re-attaches
// with the recorded URL. CreateEnvironment does not look first: call
// FindEnvironment before it.
func (c *Client) CreateEnvironment(ctx context.Context, spec Spec) (operationURL string, err error) {
	spec = spec.withDefaults()
	op := fmt.Sprintf("create environment %q", spec.DomainName)
	if spec.DisplayName == "" || spec.DomainName == "" || spec.Location == "" || spec.Type == "" {
		return "", fmt.Errorf("%s: display name, domain name, location and type are required", op)
	}
	resp, err := c.postEnvironment(ctx, op, spec)
	if err != nil {
		return "", err
	}
	if loc := operationLocation(resp); loc != "" {
		return loc, nil
	}
	var d environmentDTO
	if err := resp.decode(op, &d); err != nil || d.Name == "" {
		return "", fmt.Errorf("%s: the admin API answered %d with neither an operation nor an environment", op, resp.status)
	}
	return c.adminURL("scopes/admin/environments/"+url.PathEscape(d.Name), apiVersionEnvironments), nil
}

// postEnvironment sends the create request, waiting out and repeating it
// while the admin API answers 409 OperationNotStartable: another lifecycle
// operation is still running, and the request may start once it ends. Any
// other 409 is an error. This is what Microsoft's Terraform provider does
// (microsoft/terraform-provider-power-platform ·
// internal/services/environment/api_environment.go, CreateEnvironment and
// handleHttpConflict). Nothing was created by a refused request, so sending
// it again cannot create a second environment.
func (c *Client) postEnvironment(ctx context.Context, op string, spec Spec) (*response, error) {
	poll := poller{c: c}
	for {
		var refused http.Header
		resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "POST",
			url: c.adminURL("environments", apiVersionEnvironments), body: spec.body(), tokens: c.adminTokens(),
			refusedHeader: &refused})
		if !isOperationNotStartable(err) {
			return resp, err
		}
		if err := poll.wait(ctx, refused, nil); err != nil {
			return nil, fmt.Errorf("%s: another lifecycle operation is still running: %w", op, err)
		}
	}
}

// isOperationNotStartable is the admin API's 409 for a lifecycle operation
// that must wait for another to finish.
func isOperationNotStartable(err error) bool {
	var e *transport.APIError
	return errors.As(err, &e) && e.Status == 409 &&
		strings.Contains(strings.ToLower(e.Code+" "+e.Message), "operationnotstartable")
}

// operationLocation is where a 202 says to poll.
func operationLocation(resp *response) string {
	return firstNonEmpty(resp.header.Get("Location"), resp.header.Get("Operation-Location"))
}

// WaitEnvironment follows the URL CreateEnvironment returned (a lifecycle
// operation or the environment) until the environment and its Dataverse are
// ready, telling progress what it sees. It honours Retry-After, keeps
// polling through throttling, and ends with ctx.
func (c *Client) WaitEnvironment(ctx context.Context, operationURL string, progress func(string)) (Environment, error) {
	progress = orNoProgress(progress)
	name := environmentNameOf(operationURL)
	if isLifecycleURL(operationURL) {
		res, err := c.WaitOperation(ctx, operationURL, progress)
		if err != nil {
			return Environment{}, fmt.Errorf("wait for the environment: %w", err)
		}
		if res.State == "NotFound" {
			return Environment{}, errors.New("wait for the environment: the operation is no longer known to the admin API; look the environment up by its domain name instead")
		}
		name = res.EnvironmentName
	}
	return c.waitDataverse(ctx, name, progress)
}

// WaitEnvironmentReady waits for an environment found still provisioning
// when no operation URL was recorded (a lost checkpoint), by polling the
// environment itself.
func (c *Client) WaitEnvironmentReady(ctx context.Context, name string, progress func(string)) (Environment, error) {
	return c.waitDataverse(ctx, name, orNoProgress(progress))
}

// waitDataverse polls the environment until it reports its Dataverse URL.
func (c *Client) waitDataverse(ctx context.Context, name string, progress func(string)) (Environment, error) {
	op := fmt.Sprintf("wait for environment %q", name)
	poll := poller{c: c}
	for {
		e, found, err := c.Environment(ctx, name)
		switch {
		case err != nil && !isTransient(err):
			return Environment{}, err
		case err == nil && !found:
			return Environment{}, fmt.Errorf("%s: the environment does not exist", op)
		case err == nil && e.ProvisioningState == "Failed":
			return Environment{}, fmt.Errorf("%s: provisioning failed", op)
		case err == nil && e.Ready():
			progress(fmt.Sprintf("environment %s is ready at %s", e.DisplayName, e.URL))
			return e, nil
		case err == nil:
			progress(fmt.Sprintf("environment %s: %s, waiting for Dataverse", e.DisplayName, e.ProvisioningState))
		}
		if err := poll.wait(ctx, nil, err); err != nil {
			return Environment{}, fmt.Errorf("%s: %w", op, err)
		}
	}
}

// DeleteEnvironment starts deleting an environment and returns the
// operation URL to record and pass to WaitOperation; "" means it is already
// gone (or went at once).
func (c *Client) DeleteEnvironment(ctx context.Context, name string) (operationURL string, err error) {
	op := fmt.Sprintf("delete environment %q", name)
	body := map[string]any{"code": "7", "message": "Deleted by almwiz"}
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "DELETE",
		url: c.adminURL("scopes/admin/environments/"+url.PathEscape(name), apiVersionEnvironments), body: body, tokens: c.adminTokens()})
	if isStatus(err, 404) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return operationLocation(resp), nil
}

// isLifecycleURL tells a lifecycle-operation URL from an environment URL.
func isLifecycleURL(u string) bool {
	return strings.Contains(strings.ToLower(u), "/lifecycleoperations/")
}

// environmentNameOf is the last path segment of an environment URL.
func environmentNameOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return lastSegment(p.Path)
}

// lastSegment is what follows the last slash of a path.
func lastSegment(path string) string { return path[strings.LastIndex(path, "/")+1:] }

func orNoProgress(progress func(string)) func(string) {
	if progress == nil {
		return func(string) {}
	}
	return progress
}
