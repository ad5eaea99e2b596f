package steps

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/entra"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// secretConsumer stands in for a service connection or a custom connector:
// it takes the client secret from the vault and records its key id; a
// connector also publishes its redirect URI.
type secretConsumer struct {
	entraStep
	redirect string
	fail     bool // fails for good, as a consumer whose cloud refuses it
}

func (c *secretConsumer) SpecHash() string { return HashSpec(c.id) }

func (c *secretConsumer) Observe(_ context.Context, env *Env) (Observation, error) {
	have := env.Output(OutSecretKeyID)
	obs := Observation{Exists: have != "", Matches: have != "" && have == env.Input(IDClientSecret, OutKeyID)}
	if c.redirect != "" {
		obs.Outputs = map[string]string{OutRedirectURL: c.redirect}
	}
	return obs, nil
}

func (c *secretConsumer) Apply(_ context.Context, env *Env, _ Observation) (Outcome, error) {
	if c.fail {
		return Outcome{}, errors.New("the service refuses the connection")
	}
	if v, ok := env.Secret(SecretName); !ok || v == "" {
		return Outcome{}, errors.New("no client secret in the vault")
	}
	env.SetOutput(OutSecretKeyID, env.Input(IDClientSecret, OutKeyID))
	return Outcome{}, nil
}

func (c *secretConsumer) Destroy(context.Context, *Env) error { return nil }

// entraPlan is the Entra steps with a test double for every consumer of
// the client secret; failing names consumers that fail for good.
func entraPlan(h *harness, failing ...string) (*Plan, *build) {
	b := newBuild(h.profile, h.clients)
	steps := b.entraSteps()
	for _, id := range b.secretConsumers() {
		c := &secretConsumer{entraStep: entraStep{id: id, title: id, needs: []string{IDClientSecret}}, fail: slices.Contains(failing, id)}
		if strings.HasSuffix(id, "/custom-connector") {
			c.redirect = "https://global.consent.azure-apim.net/redirect/cat-5fcustomazuredevops-5f" + strings.Split(id, "/")[1]
		}
		steps = append(steps, c)
	}
	return &Plan{Steps: steps}, b
}

// entraRun runs plan with the checkpoint in dir and a fresh vault (as a new
// process would), and returns the events.
func entraRun(t *testing.T, plan *Plan, dir string) ([]Event, error) {
	t.Helper()
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz apply"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	events := make(chan Event, 4096)
	r := &Runner{Plan: plan, Store: store, Events: events, Backoff: func(int) time.Duration { return time.Millisecond }}
	_, err = r.Run(context.Background())
	var got []Event
	for e := range events {
		got = append(got, e)
	}
	return got, err
}

// kinds maps each step to its final event kind.
func kinds(events []Event) map[string]EventKind {
	out := map[string]EventKind{}
	for _, e := range events {
		if e.StepID != "" && e.Kind != EventPlanned && e.Kind != EventStarted && e.Kind != EventProgress {
			out[e.StepID] = e.Kind
		}
	}
	return out
}

// secrets lists the client secrets of the app registrations, with values.
func (h *harness) secrets() (keyIDs, values []string) {
	raw, _ := json.Marshal(h.srv.Inventory(true)["applications"])
	var apps []struct {
		PasswordCredentials []struct {
			KeyID       string `json:"keyId"`
			DisplayName string `json:"displayName"`
			SecretText  string `json:"secretText"`
		} `json:"passwordCredentials"`
	}
	_ = json.Unmarshal(raw, &apps)
	for _, a := range apps {
		for _, p := range a.PasswordCredentials {
			if p.DisplayName != withMark("almwiz") {
				h.t.Errorf("a secret named %q", p.DisplayName)
			}
			keyIDs, values = append(keyIDs, p.KeyID), append(values, p.SecretText)
		}
	}
	return keyIDs, values
}

// ours drops the sandbox's built-in objects.
func ours(objs []map[string]any) []map[string]any {
	return slices.DeleteFunc(objs, func(o map[string]any) bool { b, _ := o["builtIn"].(bool); return b })
}

// entraOnly drops the Azure DevOps objects of the same kind (its groups).
func entraOnly(objs []map[string]any) []map[string]any {
	return slices.DeleteFunc(objs, func(o map[string]any) bool { _, ok := o["tenantId"]; return !ok })
}

func TestEntraStepsInstallOnceThenChangeNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		preset, audience string
		tenants          int
	}{{"enterprise", entra.AzureADMyOrg, 1}, {"multi-tenant", entra.AzureADMultipleOrgs, 2}} {
		t.Run(tc.preset, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.preset, sandbox.Options{})
			plan, _ := entraPlan(h)
			dir := t.TempDir()
			first, err := entraRun(t, plan, dir)
			if err != nil {
				t.Fatalf("first run: %v\n%v", err, kinds(first))
			}
			k := kinds(first)
			if k[IDAppRegistration] != EventCreated || k[IDClientSecret] != EventCreated || k[IDRedirectURI] != EventUpdated {
				t.Errorf("first run = %v, want the app and the secret created, the redirect URIs added", k)
			}
			h.checkInventory(tc.audience, tc.tenants)
			mark := len(h.requests())
			second, err := entraRun(t, plan, dir)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			for id, k := range kinds(second) {
				if k != EventUnchanged {
					t.Errorf("second run: %s %s, want unchanged", id, k)
				}
			}
			if w := h.writes(mark); len(w) > 0 {
				t.Errorf("second run wrote: %v", w)
			}
			h.checkNoLeak(dir, append(first, second...))
		})
	}
}

// checkInventory asserts what the reference lists for Entra: one app with
// the three permissions and the redirect URIs, a service principal and the
// consents per tenant, the makers group and exactly one secret.
func (h *harness) checkInventory(audience string, tenants int) {
	t := h.t
	apps := h.inventory("applications")
	if len(apps) != 1 {
		t.Fatalf("applications = %v, want one", apps)
	}
	app := apps[0]
	if app["uniqueName"] != "ALMAcceleratorServicePrincipal" || app["signInAudience"] != audience {
		t.Errorf("app = %v %v, want ALMAcceleratorServicePrincipal, %s", app["uniqueName"], app["signInAudience"], audience)
	}
	if rra, _ := app["requiredResourceAccess"].([]any); len(rra) != 3 {
		t.Errorf("requiredResourceAccess = %v, want three APIs", rra)
	}
	uris := app["web"].(map[string]any)["redirectUris"].([]any)
	if !slices.Contains(uris, any(appConsentRedirectURI)) || len(uris) != 2 {
		t.Errorf("redirectUris = %v, want the consent one and the connector's", uris)
	}
	if sps := ours(h.inventory("servicePrincipals")); len(sps) != tenants {
		t.Errorf("service principals = %v, want %d", sps, tenants)
	}
	grants := h.inventory("oauth2PermissionGrants")
	var scopes []string
	for _, g := range grants {
		if g["consentType"] != "AllPrincipals" {
			t.Errorf("grant %v is not tenant-wide", g)
		}
		scopes = append(scopes, g["scope"].(string))
	}
	slices.Sort(scopes)
	if len(grants) != 3*tenants || scopes[0] != "Analysis.All" || scopes[len(scopes)-1] != "user_impersonation" {
		t.Errorf("grant scopes = %v, want Analysis.All and user_impersonation twice, per tenant", scopes)
	}
	groups := entraOnly(h.inventory("groups"))
	if len(groups) != 1 || groups[0]["mailNickname"] != "ALMAcceleratorForMakers" || groups[0]["description"] != withMark(makersDescription) {
		t.Errorf("groups = %v", groups)
	}
	if keys, _ := h.secrets(); len(keys) != 1 {
		t.Errorf("secrets = %v, want one", keys)
	}
}

// checkNoLeak searches the checkpoint and the events for a secret value,
// and fails when there is nothing to search or nothing to search for.
func (h *harness) checkNoLeak(dir string, events []Event) {
	h.t.Helper()
	state, err := os.ReadFile(filepath.Join(dir, checkpoint.FileName))
	if err != nil {
		h.t.Fatal(err)
	}
	if len(state) == 0 || len(events) == 0 {
		h.t.Fatalf("nothing to scan for secrets: %d bytes of %s, %d events", len(state), checkpoint.FileName, len(events))
	}
	texts := []string{string(state)}
	for _, e := range events {
		b, _ := json.Marshal(e)
		texts = append(texts, string(b))
	}
	_, values := h.secrets()
	if len(values) == 0 {
		h.t.Fatal("the sandbox holds no client secret value to search for")
	}
	for _, v := range values {
		for _, text := range texts {
			if v == "" || strings.Contains(text, v) {
				h.t.Fatalf("secret value (or none) found in %.200s", text)
			}
		}
	}
}

func TestResumeAfterAConsumerFailedReplacesTheOrphanedSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	_, b := entraPlan(h)
	consumer := b.secretConsumers()[0]
	crashed, _ := entraPlan(h, consumer)
	dir := t.TempDir()
	failedEvents, runErr := entraRun(t, crashed, dir)
	if runErr == nil {
		t.Fatal("the run with a failing consumer succeeded")
	}
	h.checkNoLeak(dir, append(failedEvents, Event{Error: runErr.Error()}))
	orphan, _ := h.secrets()
	state, err := checkpoint.Load(dir)
	if err != nil || len(orphan) != 1 || len(state.PendingSecrets) != 1 || state.PendingSecrets[0].KeyID != orphan[0] {
		t.Fatalf("after the failure: secrets %v, pending %+v, %v; want one, pending", orphan, state.PendingSecrets, err)
	}
	plan, _ := entraPlan(h)
	events, err := entraRun(t, plan, dir)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if k := kinds(events); k[IDClientSecret] != EventCreated || k[consumer] != EventCreated {
		t.Errorf("resume = %v, want a new secret handed to %s", k, consumer)
	}
	keys, _ := h.secrets()
	if len(keys) != 1 || keys[0] == orphan[0] {
		t.Errorf("secrets after resume = %v, want one other than the orphan %s", keys, orphan[0])
	}
	if state, _ := checkpoint.Load(dir); len(state.PendingSecrets) != 0 {
		t.Errorf("pending secrets after resume: %+v", state.PendingSecrets)
	}
	h.checkNoLeak(dir, events)
}

func TestRotateSecretHandsANewSecretToEveryConsumerAndRemovesTheOld(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "multi-tenant", sandbox.Options{})
	plan, b := entraPlan(h)
	dir := t.TempDir()
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatal(err)
	}
	old, _ := h.secrets()
	rotate, _ := entraPlan(h)
	BuildOptions{RotateSecret: true}.applyTo(rotate)
	events, err := entraRun(t, rotate, dir)
	if err != nil {
		t.Fatalf("rotation: %v", err)
	}
	k := kinds(events)
	for _, id := range b.secretConsumers() {
		if k[id] != EventUpdated {
			t.Errorf("rotation: consumer %s %s, want updated", id, k[id])
		}
	}
	if k[IDClientSecret] != EventCreated || k[IDClientSecretTidy] != EventUpdated {
		t.Errorf("rotation = %v, want a new secret and the old one removed", k)
	}
	keys, _ := h.secrets()
	if len(keys) != 1 || keys[0] == old[0] {
		t.Errorf("secrets after rotation = %v, want one other than %v", keys, old)
	}
	again, err := entraRun(t, plan, dir)
	for id, kind := range kinds(again) {
		if kind != EventUnchanged || err != nil {
			t.Errorf("the run after the rotation: %s %s (%v), want unchanged", id, kind, err)
		}
	}
}

func TestDestroyRemovesWhatTheEntraStepsCreated(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "multi-tenant", sandbox.Options{})
	plan, _ := entraPlan(h)
	dir := t.TempDir()
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatal(err)
	}
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz destroy"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := (&Runner{Plan: plan, Store: store}).Destroy(context.Background()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	for _, kind := range []string{"applications", "servicePrincipals", "oauth2PermissionGrants", "groups"} {
		if left := entraOnly(ours(h.inventory(kind))); len(left) > 0 {
			t.Errorf("%s left after destroy: %v", kind, left)
		}
	}
	if n := len(h.inventory("tenants")); n != 2 {
		t.Errorf("tenants after destroy = %d, want both kept", n)
	}
}

// denyGrants answers 403, as Graph does to an admin without the role, to
// every request that grants consent.
type denyGrants struct{ next http.RoundTripper }

func (d denyGrants) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/oauth2PermissionGrants") {
		body := `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}`
		return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
	return d.next.RoundTrip(r)
}

func TestAdminConsentWithoutTheRoleLeavesTheConsentLinkToAnAdmin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	hc := *h.clients.HTTP
	hc.Transport = denyGrants{next: hc.Transport}
	h.clients = &Clients{Endpoints: h.clients.Endpoints, Signer: h.clients.Signer, HTTP: &hc, Transport: h.clients.Transport}
	plan, b := entraPlan(h)
	events, _ := entraRun(t, plan, t.TempDir())
	id := IDAdminConsent(b.home)
	for _, e := range events {
		if e.StepID == id && e.Kind == EventManual {
			if !strings.Contains(e.Link, "/adminconsent?client_id=") || !strings.Contains(e.Message, "grant admin consent in contoso") {
				t.Errorf("manual consent = %q at %q", e.Message, e.Link)
			}
			return
		}
	}
	t.Errorf("no manual consent step in %v", kinds(events))
}

func TestASecretWhoseValueAnInterruptedRunLostIsReplacedAndRemoved(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	plan, b := entraPlan(h)
	dir := t.TempDir()
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatal(err)
	}
	// The run added a secret, then died before its answer was read.
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz apply"})
	if err != nil {
		t.Fatal(err)
	}
	objectID := store.State().Steps[IDAppRegistration].Outputs[OutAppObjectID]
	_ = store.Update(func(st *checkpoint.State) {
		st.Step(IDClientSecret).Operation = "POST applications/" + objectID + "/addPassword"
	})
	_ = store.Close()
	if _, _, err := b.homeClient().AddSecret(context.Background(), objectID, withMark("almwiz"), time.Now().AddDate(0, 0, 180)); err != nil {
		t.Fatal(err)
	}
	before, _ := h.secrets()
	events, err := entraRun(t, plan, dir)
	if err != nil {
		t.Fatal(err)
	}
	if k := kinds(events); k[IDClientSecret] != EventCreated || k[IDClientSecretTidy] != EventUpdated {
		t.Errorf("resume = %v, want a new secret and the lost ones removed", k)
	}
	if keys, _ := h.secrets(); len(keys) != 1 || slices.Contains(before, keys[0]) {
		t.Errorf("secrets = %v, want one new (before: %v)", keys, before)
	}
}

func TestEntraStepTitlesSpeakAnAdminsLanguage(t *testing.T) {
	h := newHarness(t, "multi-tenant", sandbox.Options{})
	b := newBuild(h.profile, h.clients)
	want := map[string]string{
		IDAppRegistration:          "App registration ALMAcceleratorServicePrincipal",
		IDServicePrincipal("main"): "Service principal in contoso.onmicrosoft.com",
		IDAdminConsent("dev"):      "Admin consent in contosodev.onmicrosoft.com",
		IDMakersGroup:              "Makers group ALMAcceleratorForMakers",
		IDClientSecret:             `Client secret "almwiz" (180 days)`,
		IDTenant("main"):           "Tenant contoso.onmicrosoft.com",
	}
	plan := &Plan{Steps: b.entraSteps()}
	for id, title := range want {
		if s := plan.Step(id); s == nil || s.Title() != title || s.Scope() != ScopeEntra || s.Role() == "" {
			t.Errorf("step %s = %v, want %q in scope entra with a role", id, s, title)
		}
	}
}
