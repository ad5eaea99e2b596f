package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/entra"
	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// The Power Platform steps are tested with tiny Entra producers of their
// own (the app registration, the makers group, the client secret), so that
// these tests pin the Power Platform part whatever state the Entra steps are in.

// ppProducers are the app registration, the makers group and the client
// secret (handed to the custom connectors through the vault).
func ppProducers(h *harness) []Step {
	b := newBuild(h.profile, h.clients)
	g := h.clients.Entra(b.tenantDomain(b.home))
	// The spec the real plan uses, with its adoption rule: a lived-in
	// tenant already holds an app of this name that almwiz must recognise.
	spec := b.appSpec()
	app := ppProducer(IDAppRegistration)
	app.observe = func(ctx context.Context, env *Env) (Observation, error) {
		a, found, err := g.GetApplication(ctx, spec.UniqueName)
		return Observation{Exists: found, Matches: found, Outputs: map[string]string{OutAppID: a.AppID, OutAppObjectID: a.ID}}, err
	}
	app.apply = func(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
		a, _, err := g.EnsureApplication(ctx, spec)
		env.setOutputs(map[string]string{OutAppID: a.AppID, OutAppObjectID: a.ID})
		return Outcome{}, err
	}
	group := ppProducer(IDMakersGroup)
	group.observe = func(ctx context.Context, env *Env) (Observation, error) {
		gr, _, err := g.EnsureGroup(ctx, h.profile.Identity.MakersGroup, "makers", "")
		return Observation{Exists: true, Matches: true, Outputs: map[string]string{OutGroupID: gr.ID}}, err
	}
	return []Step{app, group, ppSecretProducer(g, b.secretConsumers())}
}

// ppProducer is a test-only Entra step; its hooks are set by the caller.
func ppProducer(id string) *fake {
	return &fake{id: id, scope: ScopeEntra, spec: "v1", world: newFakeCloud()}
}

// ppSecretProducer makes one client secret, replacing one whose consumers an
// interrupted run did not all reach.
func ppSecretProducer(g *entra.Client, consumers []string) *fake {
	var hosts []string
	for _, id := range consumers {
		if strings.HasPrefix(id, idPowerPlatformStart) {
			hosts = append(hosts, id)
		}
	}
	s := ppProducer(IDClientSecret)
	s.needs = []string{IDAppRegistration}
	s.observe = func(ctx context.Context, env *Env) (Observation, error) {
		list, err := g.ListSecrets(ctx, env.Input(IDAppRegistration, OutAppObjectID))
		ok := slices.ContainsFunc(list, func(x entra.Secret) bool { return x.KeyID == env.Output(OutKeyID) })
		return Observation{Exists: ok, Matches: ok && len(env.PendingSecretKeys()) == 0}, err
	}
	s.apply = func(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
		obj := env.Input(IDAppRegistration, OutAppObjectID)
		for _, k := range env.PendingSecretKeys() {
			if err := g.RemoveSecret(ctx, obj, k); err != nil {
				return Outcome{}, err
			}
			_ = env.ForgetSecretKey(k)
		}
		keyID, value, err := g.AddSecret(ctx, obj, "almwiz", time.Now().Add(90*24*time.Hour))
		if err != nil {
			return Outcome{}, err
		}
		if err := env.RecordSecretKey(keyID, hosts...); err != nil {
			return Outcome{}, err
		}
		env.PutSecret(SecretName, value)
		env.SetOutput(OutKeyID, keyID)
		return Outcome{}, nil
	}
	return s
}

// ppPlan is the profile's Power Platform steps and the test producers.
func ppPlan(h *harness) *Plan {
	list := newBuild(h.profile, h.clients).powerPlatformSteps()
	plan := &Plan{Steps: append(ppProducers(h), list...)}
	if err := plan.Validate(); err != nil {
		h.t.Fatal(err)
	}
	return plan
}

// ppRunner runs plans against the checkpoint in dir, as successive processes would.
type ppRunner struct {
	h      *harness
	plan   func(*harness) *Plan
	dir    string
	vault  *Vault
	events []Event
}

func newPPRunner(h *harness) *ppRunner {
	b := newBuild(h.profile, h.clients)
	for _, t := range b.p.Tenants {
		h.clients.PowerPlatform(t.Domain).PollInterval = 20 * time.Millisecond
	}
	return &ppRunner{h: h, dir: h.t.TempDir(), plan: ppPlan}
}

// run is one process: a fresh vault and the checkpoint reopened. stop, when
// set, aborts the run once it returns true for the checkpoint.
func (p *ppRunner) run(stop func(*checkpoint.State) bool) result {
	t := p.h.t
	t.Helper()
	store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "almwiz apply"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p.vault = NewVault()
	r := &Runner{Plan: p.plan(p.h), Store: store, Vault: p.vault, Backoff: fastRetries, DrainTimeout: time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if stop != nil {
		go abortWhen(ctx, store, r, cancel, stop)
	}
	res := runPlan(t, ctx, r)
	p.events = append(p.events, res.events...)
	return res
}

// destroy runs almwiz destroy on the checkpoint.
func (p *ppRunner) destroy() (Summary, error) {
	store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "almwiz destroy"})
	if err != nil {
		p.h.t.Fatal(err)
	}
	defer store.Close()
	r := &Runner{Plan: ppPlan(p.h), Store: store, Backoff: fastRetries}
	return r.Destroy(context.Background())
}

// abortWhen kills the run (both Ctrl-Cs) as soon as stop holds.
func abortWhen(ctx context.Context, store *checkpoint.Store, r *Runner, cancel func(), stop func(*checkpoint.State) bool) {
	for ctx.Err() == nil {
		hit := false
		store.View(func(st *checkpoint.State) { hit = stop(st) })
		if hit {
			cancel()
			r.Abort()
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// operationRecorded holds once step id has recorded a long-running operation.
func operationRecorded(id string) func(*checkpoint.State) bool {
	return func(st *checkpoint.State) bool { rec, ok := st.Steps[id]; return ok && rec.Operation != "" }
}

// adminID is the signed-in admin's Entra object id.
func (p *ppRunner) adminID() string {
	a, err := p.h.clients.Signer.Account(context.Background(), p.h.profile.Tenants[0].Domain)
	if err != nil {
		p.h.t.Fatal(err)
	}
	return a.ObjectID
}

// createConnections stands in for the admin signing in once per connector.
func (p *ppRunner) createConnections(envURL string) {
	for _, api := range []string{"shared_commondataservice", "shared_commondataserviceforapps", "shared_powerappsforappmakers", "shared_webcontents"} {
		body, _ := json.Marshal(map[string]string{"environment": envURL, "api": api, "ownerId": p.adminID(), "ownerName": "Admin"})
		resp, err := p.h.srv.Client().Post(p.h.srv.URL()+"/_sandbox/powerplatform/connections", "application/json", bytes.NewReader(body))
		if err != nil || resp.StatusCode != 201 {
			p.h.t.Fatalf("create connection %s: %v %v", api, err, resp)
		}
		resp.Body.Close()
	}
}

// ppKinds counts the events of each kind among the Power Platform steps.
func ppKinds(res result) map[EventKind][]string {
	out := map[EventKind][]string{}
	for _, e := range res.events {
		if strings.HasPrefix(e.StepID, idPowerPlatformStart) && e.Kind != EventPlanned && e.Kind != EventStarted && e.Kind != EventProgress {
			out[e.Kind] = append(out[e.Kind], e.StepID)
		}
	}
	return out
}

func TestPowerPlatformInstallConvergesAndRerunsWriteNothing(t *testing.T) {
	for _, preset := range []string{"demo", "enterprise"} {
		t.Run(preset, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, preset, sandbox.Options{OperationDelay: 200 * time.Millisecond})
			p := newPPRunner(h)
			host := IDHostStep("host", "connection-references")

			first := p.run(nil)
			if first.err != nil {
				t.Fatalf("first run: %v\n%v", first.err, ppKinds(first))
			}
			manual := first.last(host)
			if manual.Kind != EventManual || !strings.Contains(manual.Link, "/connections?owner=") ||
				!strings.Contains(manual.Message, "HTTP with Microsoft Entra ID (preauthorized) (for cat_sharedwebcontents_0df3a)") {
				t.Fatalf("connection references: %s %q %q, want manual naming the connections and the page to create them", manual.Kind, manual.Message, manual.Link)
			}
			if k := first.last(IDHostStep("host", "flows")).Kind; k != EventSkipped {
				t.Errorf("flows: %s, want skipped until the connections exist", k)
			}
			secret, _ := p.vault.Get(SecretName)
			checkFirstInstall(t, h, secret, len(h.profile.Environments))

			p.createConnections(h.profile.Environments[0].DataverseURL(newBuild(h.profile, h.clients).cloud))
			second := p.run(nil)
			if second.err != nil || second.sum.Manual != 0 {
				t.Fatalf("second run: %v %+v\n%v", second.err, second.sum, ppKinds(second))
			}
			for _, id := range []string{host, IDHostStep("host", "flows")} {
				if k := second.last(id).Kind; k != EventUpdated {
					t.Errorf("%s: %s, want updated", id, k)
				}
			}

			mark := len(h.requests())
			third := p.run(nil)
			if kinds := ppKinds(third); third.err != nil || len(kinds) != 1 || len(kinds[EventUnchanged]) != len(ppPlan(h).Steps)-3 {
				t.Errorf("third run: %v, want every step unchanged: %v", third.err, kinds)
			}
			if w := h.writes(mark); len(w) != 0 {
				t.Errorf("a run with nothing to do wrote: %v", w)
			}
			checkNoLeak(t, p, secret)
		})
	}
}

// checkFirstInstall checks the sandbox after the first run.
func checkFirstInstall(t *testing.T, h *harness, secret string, envs int) {
	t.Helper()
	if n := len(h.inventory("environments")); n != envs {
		t.Errorf("%d environments, want %d", n, envs)
	}
	appID := ""
	for _, a := range h.inventory("adminApplications") {
		appID, _ = a["applicationId"].(string)
	}
	if appID == "" {
		t.Errorf("no management app registered")
	}
	admins := 0
	for _, ra := range h.inventory("roleAssignments") {
		if ra["role"] == "System Administrator" && strings.EqualFold(ppStr(ra["applicationId"]), appID) {
			admins++
		}
	}
	if users := len(h.inventory("applicationUsers")); users != envs || admins != envs {
		t.Errorf("%d application users, %d with System Administrator; want %d of each", users, admins, envs)
	}
	var solutions []string
	for _, s := range h.inventory("solutions") {
		solutions = append(solutions, ppStr(s["uniquename"]))
	}
	for _, want := range []string{"CreatorKitCore", "CenterofExcellenceALMAccelerator"} {
		if !slices.Contains(solutions, want) {
			t.Errorf("solution %s not imported (have %v)", want, solutions)
		}
	}
	if secret == "" || strings.Contains(ppJSON(h.srv.Inventory(false)), secret) {
		t.Errorf("the connector's secret is in the inventory without ?secrets=true (or no secret was made)")
	}
	if !strings.Contains(ppJSON(h.srv.Inventory(true)["connectors"]), secret) {
		t.Errorf("the connector did not receive the client secret")
	}
	teamRoles := 0
	for _, ra := range h.inventory("roleAssignments") {
		if ra["principalType"] == "team" && (ra["role"] == "ALM Power App Access" || ra["role"] == "Basic User") {
			teamRoles++
		}
	}
	if teamRoles != 2 || !strings.Contains(ppJSON(h.inventory("appPermissions")), "CanView") {
		t.Errorf("makers team has %d of its 2 roles; app permissions %s", teamRoles, ppJSON(h.inventory("appPermissions")))
	}
}

// checkNoLeak looks for the secret in every event and in the checkpoint.
// It fails when there is nothing to scan or no secret to look for.
func checkNoLeak(t *testing.T, p *ppRunner, secret string) {
	t.Helper()
	if len(secret) < 8 {
		t.Fatalf("no client secret to search for (%d characters)", len(secret))
	}
	if len(p.events) == 0 {
		t.Fatal("no events to scan for the client secret")
	}
	if strings.Contains(ppJSON(p.events), secret) {
		t.Errorf("an event holds the client secret")
	}
	for _, name := range []string{checkpoint.FileName, checkpoint.BackupName} {
		data, err := os.ReadFile(filepath.Join(p.dir, name))
		switch {
		case name == checkpoint.FileName && (err != nil || len(data) == 0):
			t.Errorf("no %s to scan for the client secret (%d bytes): %v", name, len(data), err)
		case bytes.Contains(data, []byte(secret)):
			t.Errorf("%s holds the client secret", name)
		}
	}
}

func TestPowerPlatformResumeReattachesToTheOperationInFlight(t *testing.T) {
	for _, tt := range []struct {
		name, preset, step string
		operation          string // a request that starts one operation
		want               int    // how many a whole install starts
	}{
		{"environment creation", "demo", IDEnvironment("host"), "/environments", 5},
		{"ALM solution import", "enterprise", IDHostStep("host", "alm-solution"), "ImportSolutionAsync", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.preset, sandbox.Options{OperationDelay: 300 * time.Millisecond})
			p := newPPRunner(h)
			killed := p.run(operationRecorded(tt.step))
			st, _ := checkpoint.Load(p.dir)
			if !killed.sum.Interrupted || st.Steps[tt.step].Operation == "" {
				t.Fatalf("kill inside %s: %v %+v, operation %q", tt.step, killed.err, killed.sum, st.Steps[tt.step].Operation)
			}
			resumed := p.run(nil)
			if k := resumed.last(tt.step).Kind; resumed.err != nil || (k != EventCreated && k != EventUpdated) {
				t.Fatalf("resume: %v, %s is %s", resumed.err, tt.step, resumed.last(tt.step).Kind)
			}
			if !slices.ContainsFunc(resumed.events, func(e Event) bool {
				return e.StepID == tt.step && strings.Contains(e.Message, "re-attaching")
			}) {
				t.Errorf("resume did not say it re-attaches to the operation of %s", tt.step)
			}
			if n := countRequests(h, "POST", tt.operation); n != tt.want {
				t.Errorf("POST …%s sent %d times in all, want %d: resume must re-attach, not start again", tt.operation, n, tt.want)
			}
			if tt.preset == "demo" && len(h.inventory("environments")) != len(h.profile.Environments) {
				t.Errorf("%d environments, want %d", len(h.inventory("environments")), len(h.profile.Environments))
			}
			secret, _ := p.vault.Get(SecretName)
			checkNoLeak(t, p, secret)
		})
	}
}

func TestPowerPlatformDestroyRemovesOnlyWhatTheInstallCreated(t *testing.T) {
	for _, tt := range []struct {
		preset string
		envs   int // environments left after destroy
	}{{"demo", 0}, {"enterprise", 5}} {
		t.Run(tt.preset, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.preset, sandbox.Options{OperationDelay: 100 * time.Millisecond})
			p := newPPRunner(h)
			if res := p.run(nil); res.err != nil {
				t.Fatal(res.err)
			}
			if _, err := p.destroy(); err != nil {
				t.Fatalf("destroy: %v", err)
			}
			if n := len(h.inventory("environments")); n != tt.envs {
				t.Errorf("%d environments left, want %d", n, tt.envs)
			}
			if n := len(h.inventory("adminApplications")); n != 0 {
				t.Errorf("%d management apps left, want 0", n)
			}
			for _, u := range h.inventory("applicationUsers") {
				if u["isdisabled"] != true {
					t.Errorf("application user in %v is still enabled", u["environment"])
				}
			}
		})
	}
}

func TestCustomConnectorDriftWithoutTheSecretSuggestsRotateSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	p := newPPRunner(h)
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	// Someone points the connector at another app in the maker portal.
	st, _ := checkpoint.Load(p.dir)
	envName := st.Steps[IDEnvironment("host")].Outputs[OutEnvName]
	c := h.clients.PowerPlatform(h.profile.Tenants[0].Domain)
	dv, _ := c.Dataverse(st.Steps[IDEnvironment("host")].Outputs[OutEnvURL])
	conn, _, err := dv.CustomConnector(context.Background(), "cat_5Fcustomazuredevops")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.ConfigureCustomConnector(context.Background(), powerplatform.ConnectorOAuth{Environment: envName,
		Connector: conn.InternalID, ClientID: "00000000-0000-0000-0000-0000000000aa", ClientSecret: "other"}); err != nil {
		t.Fatal(err)
	}
	res := p.run(nil)
	e := res.last(IDHostStep("host", "custom-connector"))
	if e.Kind != EventFailed || !strings.Contains(e.Suggestion, "almwiz rotate-secret") {
		t.Errorf("custom connector: %s %q %q, want failed suggesting almwiz rotate-secret", e.Kind, e.Error, e.Suggestion)
	}
}

// withEntraSteps is the real Entra steps and the Power Platform steps:
// the Azure DevOps steps, and the Entra steps that wait for them, left out.
func withEntraSteps(h *harness) *Plan {
	b := newBuild(h.profile, h.clients)
	all := append(b.entraSteps(), b.powerPlatformSteps()...)
	ids := map[string]bool{}
	for _, s := range all {
		ids[s.ID()] = true
	}
	plan := &Plan{}
	for _, s := range all {
		if !slices.ContainsFunc(s.Needs(), func(n string) bool { return !ids[n] }) {
			plan.Steps = append(plan.Steps, s)
		}
	}
	return plan
}

func TestCustomConnectorRedirectURLReachesTheAppRegistration(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	p := newPPRunner(h)
	p.plan = withEntraSteps
	if res := p.run(nil); res.err != nil {
		t.Fatalf("%v\n%v", res.err, ppKinds(res))
	}
	st, _ := checkpoint.Load(p.dir)
	redirect := st.Steps[IDHostStep("host", "custom-connector")].Outputs[OutRedirectURL]
	if !strings.HasPrefix(redirect, powerplatform.GlobalRedirectURL+"/") {
		t.Fatalf("custom connector published redirect URL %q, want the connector's own", redirect)
	}
	app, _, err := h.clients.Entra(h.profile.Tenants[0].Domain).GetApplication(context.Background(), h.profile.Identity.AppRegistration)
	if err != nil || !slices.Contains(app.RedirectURIs, redirect) {
		t.Errorf("app registration redirect URIs %v (%v), want %s among them", app.RedirectURIs, err, redirect)
	}
	secret, _ := p.vault.Get(SecretName)
	checkNoLeak(t, p, secret)
}

// countRequests counts the logged requests of method whose path ends with
// part that the services accepted: a 409 OperationNotStartable starts
// nothing, and is sent again.
func countRequests(h *harness, method, part string) int {
	n := 0
	for _, r := range h.requests() {
		if r.Method == method && strings.HasSuffix(r.Path, part) && r.Status != 409 {
			n++
		}
	}
	return n
}

func ppJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func ppStr(v any) string {
	s, _ := v.(string)
	return s
}
