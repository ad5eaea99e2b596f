package steps

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/entra"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// entraStandIn is a test-only producer of the Microsoft Entra outputs the
// Azure DevOps steps read, under the real step id: the app, the makers
// group and the tenant id are got or created against the sandbox in
// Observe; the client secret is minted in Apply, once, and put in the vault.
type entraStandIn struct {
	id      string
	needs   []string
	observe func(context.Context, *Env) (Observation, error)
	apply   func(context.Context, *Env) error
}

func (s *entraStandIn) ID() string       { return s.id }
func (s *entraStandIn) Title() string    { return "stand-in " + s.id }
func (s *entraStandIn) Service() string  { return "test" }
func (s *entraStandIn) Scope() string    { return ScopeEntra }
func (s *entraStandIn) Role() string     { return "" }
func (s *entraStandIn) Needs() []string  { return s.needs }
func (s *entraStandIn) SpecHash() string { return "1" }
func (s *entraStandIn) Observe(ctx context.Context, env *Env) (Observation, error) {
	return s.observe(ctx, env)
}
func (s *entraStandIn) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	return Outcome{}, s.apply(ctx, env)
}
func (s *entraStandIn) Destroy(context.Context, *Env) error { return nil }

// entraStandIns produce what the devops steps of b need from Microsoft Entra.
func entraStandIns(b *build) []Step {
	g := b.c.Entra(b.tenantDomain(b.home))
	found := func(outs map[string]string) Observation {
		return Observation{Exists: true, Matches: true, Outputs: outs}
	}
	app := func(ctx context.Context) (entra.Application, error) {
		a, _, err := g.EnsureApplication(ctx, entra.AppSpec{UniqueName: b.p.Identity.AppRegistration, DisplayName: b.p.Identity.AppRegistration})
		return a, err
	}
	return []Step{
		&entraStandIn{id: IDTenant(b.home), observe: func(ctx context.Context, _ *Env) (Observation, error) {
			org, err := g.Organization(ctx)
			return found(map[string]string{OutTenantID: org.TenantID}), err
		}},
		&entraStandIn{id: IDAppRegistration, observe: func(ctx context.Context, _ *Env) (Observation, error) {
			a, err := app(ctx)
			return found(map[string]string{OutAppID: a.AppID, OutAppObjectID: a.ID}), err
		}},
		&entraStandIn{id: IDMakersGroup, observe: func(ctx context.Context, _ *Env) (Observation, error) {
			grp, _, err := g.EnsureGroup(ctx, b.p.Identity.MakersGroup, "makers", CreatedMark)
			return found(map[string]string{OutGroupID: grp.ID}), err
		}},
		&entraStandIn{id: IDClientSecret, needs: []string{IDAppRegistration},
			observe: func(_ context.Context, env *Env) (Observation, error) {
				ok := env.Output(OutKeyID) != "" && len(env.PendingSecretKeys()) == 0
				return Observation{Exists: ok, Matches: ok}, nil
			},
			apply: func(ctx context.Context, env *Env) error { return mintSecret(ctx, b, g, env) }},
	}
}

// mintSecret is what the real client-secret step does: remove the orphans
// of an interrupted run, add one secret, record its key id as pending until
// every consumer has it, and hand it over through the vault.
func mintSecret(ctx context.Context, b *build, g *entra.Client, env *Env) error {
	app := env.Input(IDAppRegistration, OutAppObjectID)
	for _, k := range env.PendingSecretKeys() {
		if err := g.RemoveSecret(ctx, app, k); err != nil {
			return err
		}
		if err := env.ForgetSecretKey(k); err != nil {
			return err
		}
	}
	key, secret, err := g.AddSecret(ctx, app, "almwiz", time.Now().AddDate(0, 0, 90))
	if err != nil {
		return err
	}
	var consumers []string // the service connections: the plan has no custom connector
	for _, id := range b.secretConsumers() {
		if strings.HasPrefix(id, "devops/") {
			consumers = append(consumers, id)
		}
	}
	if err := env.RecordSecretKey(key, consumers...); err != nil {
		return err
	}
	env.PutSecret(SecretName, secret)
	env.SetOutput(OutKeyID, key)
	return nil
}

// devopsRun is the devops part of a profile's plan, with stand-ins for its
// Entra inputs, run on one checkpoint across runs.
type devopsRun struct {
	h     *harness
	b     *build
	plan  *Plan
	store *checkpoint.Store
}

func newDevOpsRun(h *harness) *devopsRun {
	b := newBuild(h.profile, h.clients)
	plan := &Plan{Steps: append(entraStandIns(b), b.devopsSteps()...)}
	if err := plan.Validate(); err != nil {
		h.t.Fatal(err)
	}
	return &devopsRun{h: h, b: b, plan: plan, store: checkpoint.Memory("", "")}
}

// run applies the plan with a fresh vault (as a new process would have)
// and returns the events by kind.
func (d *devopsRun) run(ctx context.Context, r *Runner) (map[EventKind][]Event, error) {
	events := make(chan Event, 4096)
	if r == nil {
		r = &Runner{}
	}
	r.Plan, r.Store, r.Events, r.Vault = d.plan, d.store, events, NewVault()
	r.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
	got := map[EventKind][]Event{}
	done := make(chan struct{})
	go func() {
		for e := range events {
			got[e.Kind] = append(got[e.Kind], e)
		}
		close(done)
	}()
	_, err := r.Run(ctx)
	select {
	case <-done:
	case <-time.After(testWait):
		return nil, fmt.Errorf("Runner.Run returned but did not close its event channel within %v", testWait)
	}
	return got, err
}

func stepIDs(events []Event) []string {
	var ids []string
	for _, e := range events {
		if strings.HasPrefix(e.StepID, "devops/") {
			ids = append(ids, e.StepID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestDevOpsStepsInstallTheReferenceAndASecondRunWritesNothing(t *testing.T) {
	for _, preset := range []string{"enterprise", "demo"} {
		t.Run(preset, func(t *testing.T) {
			h := newHarness(t, preset, sandbox.Options{})
			d := newDevOpsRun(h)
			ctx := context.Background()
			if ev, err := d.run(ctx, nil); err != nil {
				t.Fatalf("first run: %v; failed: %+v", err, ev[EventFailed])
			}
			d.assertReference(t)
			mark := len(h.requests())
			ev, err := d.run(ctx, nil)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			if changed := append(stepIDs(ev[EventCreated]), stepIDs(ev[EventUpdated])...); len(changed) > 0 {
				t.Errorf("second run changed %v", changed)
			}
			if n, want := len(stepIDs(ev[EventUnchanged])), len(d.b.devopsSteps()); n != want {
				t.Errorf("second run: %d devops steps unchanged, want %d", n, want)
			}
			if w := h.writes(mark); len(w) > 0 {
				t.Errorf("second run wrote %v", w)
			}
		})
	}
}

// assertReference checks the inventory against reference/alm-accelerator.md §4.
func (d *devopsRun) assertReference(t *testing.T) {
	t.Helper()
	h, org, pr := d.h, d.b.p.DevOps.Organizations[0], d.b.p.DevOps.Organizations[0].Projects[0]
	name := orgName(org)
	mine := func(kind string) []map[string]any {
		var out []map[string]any
		for _, r := range h.inventory(kind) {
			if r["organization"] == name {
				out = append(out, r)
			}
		}
		return out
	}
	projects := mine("projects")
	if len(projects) != 1 || projects[0]["name"] != pr.Name || projects[0]["state"] != "wellFormed" {
		t.Fatalf("projects = %v", projects)
	}
	pid := projects[0]["id"].(string)
	assertRepository(t, mine("repositories"), pr.Templates.Ref)
	assertPipelines(t, mine("buildDefinitions"))
	vg := assertVariableGroup(t, mine("variableGroups"))
	st := d.store.State()
	signIn := map[string]any{"applicationId": st.Steps[IDAppRegistration].Outputs[OutAppID], "tenantId": st.Steps[IDTenant(d.b.home)].Outputs[OutTenantID]}
	endpoints := assertServiceConnections(t, mine("serviceEndpoints"), d.connectedURLs(pr), signIn)
	assertPipelinePermissions(t, mine("pipelinePermissions"), append([]string{vg}, endpoints...))
	if n := len(mine("extensions")); n != 3 {
		t.Errorf("%d extensions, want 3", n)
	}
	assertMakers(t, mine("memberships"), st.Steps[IDProjectStep(name, pr.Name, "makers-group")].Outputs[outGroupDescriptor],
		st.Steps[IDMakersGroup].Outputs[OutGroupID])
	assertRoles(t, mine("roleAssignments"), pid, vg, endpoints)
	// Project-wide: the pipelines push to the makers' repositories too.
	assertBuildACEs(t, mine("accessControlEntries"), "repoV2/"+pid)
}

func (d *devopsRun) connectedURLs(pr profiles.Project) []string {
	var urls []string
	for _, e := range d.b.connected(pr) {
		urls = append(urls, d.b.envURL(e))
	}
	slices.Sort(urls)
	return urls
}

func assertRepository(t *testing.T, repos []map[string]any, ref string) string {
	t.Helper()
	for _, r := range repos {
		if r["name"] != "pipelines" {
			continue
		}
		imp, _ := r["import"].(map[string]any)
		if r["defaultBranch"] != mainBranch || imp["status"] != "completed" {
			t.Errorf("repository pipelines: default branch %v, import %v", r["defaultBranch"], imp)
		}
		if tags, _ := r["tagCommits"].(map[string]any); r["main"] == nil || r["main"] != tags[ref] {
			t.Errorf("repository pipelines: main at %v, want the commit of %s (%v)", r["main"], ref, tags)
		}
		return r["id"].(string)
	}
	t.Fatalf("no repository pipelines in %v", repos)
	return ""
}

func assertPipelines(t *testing.T, defs []map[string]any) {
	t.Helper()
	got := map[string]string{}
	for _, d := range defs {
		process, _ := d["process"].(map[string]any)
		got[d["name"].(string)], _ = process["yamlFilename"].(string)
	}
	for _, want := range devops.CorePipelines("", "") {
		if got[want.Name] != want.YAMLPath {
			t.Errorf("pipeline %s runs %q, want %q", want.Name, got[want.Name], want.YAMLPath)
		}
	}
	if len(got) != 4 {
		t.Errorf("pipelines %v, want the 4 core ones", got)
	}
}

func assertVariableGroup(t *testing.T, groups []map[string]any) string {
	t.Helper()
	if len(groups) != 1 || groups[0]["name"] != devops.VariableGroupName {
		t.Fatalf("variable groups = %v", groups)
	}
	vars := groups[0]["variables"].(map[string]any)
	aad, _ := vars["AADHost"].(map[string]any)
	if aad["value"] != "login.microsoftonline.com" || len(vars) != 1 {
		t.Errorf("variables = %v, want AADHost = login.microsoftonline.com only", vars)
	}
	return fmt.Sprint(groups[0]["id"])
}

func assertServiceConnections(t *testing.T, endpoints []map[string]any, urls []string, signIn map[string]any) []string {
	t.Helper()
	var names, ids []string
	for _, e := range endpoints {
		names = append(names, e["name"].(string))
		ids = append(ids, e["id"].(string))
		if e["type"] != "powerplatform-spn" || e["url"] != e["name"] || e["scheme"] != "None" || fmt.Sprint(e["parameters"]) != fmt.Sprint(signIn) {
			t.Errorf("service connection %v", e)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, urls) {
		t.Errorf("service connections %v, want %v", names, urls)
	}
	return ids
}

func assertPipelinePermissions(t *testing.T, perms []map[string]any, everyPipeline []string) {
	t.Helper()
	all, some := map[string]bool{}, map[string]int{}
	for _, p := range perms {
		if ap, _ := p["allPipelines"].(map[string]any); ap["authorized"] == true {
			all[fmt.Sprint(p["resourceId"])] = true
		}
		if list, _ := p["pipelines"].([]any); len(list) > 0 {
			some[p["resourceType"].(string)] = len(list)
		}
	}
	for _, id := range everyPipeline {
		if !all[id] {
			t.Errorf("resource %s is not authorized for every pipeline: %v", id, perms)
		}
	}
	if some["queue"] != 4 || some["repository"] != 4 {
		t.Errorf("core pipelines authorized on queue %d, repository %d; want 4 and 4", some["queue"], some["repository"])
	}
}

// assertMakers checks the Entra group is a member of the makers project
// group. (The sandbox's "groups" kind holds the Entra groups: both services
// name their groups so, and the inventory keeps one.)
func assertMakers(t *testing.T, memberships []map[string]any, makers, entraGroup string) {
	t.Helper()
	member := "aadgp." + base64.RawURLEncoding.EncodeToString([]byte(entraGroup))
	if makers == "" || !slices.ContainsFunc(memberships, func(m map[string]any) bool {
		return m["memberDescriptor"] == member && m["containerDescriptor"] == makers
	}) {
		t.Errorf("Entra group %s (%s) is no member of %s %q: %v", entraGroup, member, devops.MakersGroupName, makers, memberships)
	}
}

func assertRoles(t *testing.T, roles []map[string]any, pid, vg string, endpoints []string) {
	t.Helper()
	count := func(scope, resource, role string) int {
		n := 0
		for _, r := range roles {
			if r["scope"] == scope && r["resourceId"] == resource && r["role"] == role {
				n++
			}
		}
		return n
	}
	if count(devops.ScopeVariableGroup, pid+"$"+vg, "User") != 1 || !slices.ContainsFunc(roles, func(r map[string]any) bool {
		return r["identity"] == devops.MakersGroupName && r["role"] == "User"
	}) {
		t.Errorf("makers lack User on the variable group: %v", roles)
	}
	for _, e := range endpoints {
		res := devops.ServiceEndpointResource(pid, e)
		if count(devops.ScopeServiceEndpoint, res, "User") != 1 || count(devops.ScopeServiceEndpoint, res, "Administrator") != 1 {
			t.Errorf("service connection %s: want User for makers and Administrator for the build service: %v", e, roles)
		}
	}
	readers := 0
	for _, r := range roles {
		if r["scope"] == devops.ScopeAgentQueue && r["role"] == "Reader" {
			readers++
		}
	}
	if readers != 2 {
		t.Errorf("%d Reader assignments on the agent queue, want 2 (both build identities)", readers)
	}
}

func assertBuildACEs(t *testing.T, aces []map[string]any, repoToken string) {
	t.Helper()
	git := 0
	for _, a := range aces {
		if a["token"] == repoToken && fmt.Sprint(a["allow"]) == "18452" {
			git++
		}
	}
	if git != 2 {
		t.Errorf("%d identities allowed 18452 on %s, want 2: %v", git, repoToken, aces)
	}
}

func TestProjectCreationKilledAfterItsOperationIsRecordedIsReattachedOnResume(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{OperationDelay: 2 * time.Second})
	d := newDevOpsRun(h)
	projectStep := IDProjectStep("contoso", "alm", "project")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := &Runner{DrainTimeout: 10 * time.Millisecond}
	go func() { // the kill: as soon as the operation URL is in the checkpoint
		for ctx.Err() == nil {
			if rec, ok := d.store.State().Lookup(projectStep); ok && rec.Operation != "" {
				cancel()
				first.Abort()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := d.run(ctx, first)
	var interrupted *InterruptedError
	if !errors.As(err, &interrupted) {
		t.Fatalf("first run: %v, want interrupted", err)
	}
	if rec, _ := d.store.State().Lookup(projectStep); rec.Operation == "" || rec.Status == checkpoint.StatusDone {
		t.Fatalf("after the kill the project step is %s with operation %q", rec.Status, rec.Operation)
	}
	ev, err := d.run(context.Background(), nil)
	if err != nil {
		t.Fatalf("resumed run: %v; failed %+v", err, ev[EventFailed])
	}
	if !slices.ContainsFunc(ev[EventProgress], func(e Event) bool {
		return e.StepID == projectStep && strings.Contains(e.Message, "re-attaching")
	}) {
		t.Errorf("the resumed run did not re-attach to the recorded operation")
	}
	creates := 0
	for _, r := range h.requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/_apis/projects") {
			creates++
		}
	}
	if projects := h.inventory("projects"); creates != 1 || len(projects) != 1 {
		t.Errorf("%d project creations, projects %v; want exactly one", creates, projects)
	}
	d.assertReference(t)
}

func TestDriftedServiceConnectionWithoutTheSecretSuggestsRotateSecret(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	d := newDevOpsRun(h)
	ctx := context.Background()
	if _, err := d.run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// Someone deletes one connection by hand; the next run holds no secret.
	conn := IDProjectStep("contoso", "alm", "service-connection", "test")
	st := d.store.State()
	c, err := h.clients.DevOps(ctx, "contoso.onmicrosoft.com", "contoso")
	if err != nil {
		t.Fatal(err)
	}
	pid := st.Steps[IDProjectStep("contoso", "alm", "project")].Outputs[OutProjectID]
	if err := c.DeleteServiceConnection(ctx, pid, st.Steps[conn].Outputs[OutEndpointID]); err != nil {
		t.Fatal(err)
	}
	ev, err := d.run(ctx, nil)
	var failed *FailedError
	if !errors.As(err, &failed) || !slices.Equal(failed.Steps, []string{conn}) {
		t.Fatalf("run = %v, want %s to fail", err, conn)
	}
	if got := failed.Errors[0].Suggestion; got != rotateSuggestion || len(ev[EventFailed]) != 1 || ev[EventFailed][0].Suggestion != rotateSuggestion {
		t.Errorf("suggestion %q, events %+v", got, ev[EventFailed])
	}
	if failed.Errors[0].Transient {
		t.Error("a missing secret is not worth retrying")
	}
}

// Destroy removes what the install created but the extensions it installed:
// nothing in the cloud proves almwiz installed them, so they stay, reported.
func TestDestroyLeavesOnlyWhatExistedBefore(t *testing.T) {
	kinds := []string{"projects", "repositories", "buildDefinitions", "variableGroups", "serviceEndpoints", "pipelinePermissions",
		"roleAssignments", "accessControlEntries", "memberships", "groupEntitlements"}
	h := newHarness(t, "demo", sandbox.Options{})
	d := newDevOpsRun(h)
	ctx := context.Background()
	before := map[string]int{}
	for _, k := range kinds {
		before[k] = len(h.inventory(k))
	}
	if _, err := d.run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	installed := len(h.inventory("extensions"))
	events := make(chan Event, 4096)
	if _, err := (&Runner{Plan: d.plan, Store: d.store, Events: events}).Destroy(ctx); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	for _, k := range kinds {
		if after := h.inventory(k); len(after) != before[k] {
			t.Errorf("%s: %d before the install, %d after destroy: %v", k, before[k], len(after), after)
		}
	}
	if n := len(h.inventory("extensions")); n != installed || installed == before["extensions"] {
		t.Errorf("extensions: %d before the install, %d after it, %d after destroy; want those installed left", before["extensions"], installed, n)
	}
	left := false
	for e := range events {
		left = left || e.Kind == EventSkipped && e.StepID == IDExtensions("contosodemo") && strings.Contains(e.Message, "cannot prove almwiz created extension")
	}
	if !left {
		t.Error("destroy did not report the extensions it left")
	}
	if _, ok := d.store.State().Lookup(IDExtensions("contosodemo")); ok {
		t.Error("the extensions left in place are still recorded as this installation's")
	}
}

func TestMissingProjectTheProfileDoesNotCreateFailsWithHowToFixIt(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	h.profile.DevOps.Organizations[0].Projects[0].Create = false
	d := newDevOpsRun(h)
	_, err := d.run(context.Background(), nil)
	var failed *FailedError
	if !errors.As(err, &failed) || failed.Steps[0] != IDProjectStep("contoso", "alm", "project") {
		t.Fatalf("run = %v, want the project step to fail", err)
	}
	if s := failed.Errors[0].Suggestion; !strings.Contains(s, "create: true") || !strings.Contains(s, "https://dev.azure.com/contoso") {
		t.Errorf("suggestion %q", s)
	}
}

func TestTemplatesInOtherProjectIsAnAzureReposURLOfAnotherProject(t *testing.T) {
	o := profiles.Organization{URL: "https://dev.azure.com/contoso"}
	for _, tc := range []struct {
		repo string
		want bool
	}{
		{"https://github.com/microsoft/coe-alm-accelerator-templates", false},
		{"https://dev.azure.com/contoso/alm/_git/templates", false},
		{"https://dev.azure.com/contoso/shared%20assets/_git/templates", true},
		{"https://contoso.visualstudio.com/shared/_git/templates", true},
		{"https://dev.azure.com/fabrikam/shared/_git/templates", false},
	} {
		pr := profiles.Project{Name: "alm", Templates: profiles.Templates{Repository: tc.repo}}
		if got := templatesInOtherProject(o, pr); got != tc.want {
			t.Errorf("%s: got %t, want %t", tc.repo, got, tc.want)
		}
	}
}

func TestJobScopeOnWhileTemplatesLiveInAnotherProjectIsLeftToAnAdmin(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	d := newDevOpsRun(h)
	ctx := context.Background()
	if _, err := d.run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	limitJobScope(t, h, "contoso", "alm")
	o := d.b.p.DevOps.Organizations[0]
	pr := o.Projects[0]
	pr.Templates.Repository = "https://dev.azure.com/contoso/shared/_git/templates"
	d.plan = &Plan{Steps: []Step{d.b.projectStep(o, pr), d.b.jobScopeStep(o, pr)}}
	ev, err := d.run(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	manual := ev[EventManual]
	if len(manual) != 1 || !strings.Contains(manual[0].Message, "Limit job authorization scope") ||
		manual[0].Link != "https://dev.azure.com/contoso/_settings/pipelinessettings" {
		t.Errorf("manual events %+v", manual)
	}
}

// limitJobScope turns "Limit job authorization scope" on for a project, as
// an admin would in the portal.
func limitJobScope(t *testing.T, h *harness, org, project string) {
	t.Helper()
	ctx := context.Background()
	token, err := h.clients.Signer.Source(h.profile.Tenants[0].Domain, cloud.AudienceDevOps).Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u := h.clients.Endpoints.Organization(org) + "/" + project + "/_apis/build/generalsettings?api-version=7.1-preview.1"
	req, _ := http.NewRequestWithContext(ctx, http.MethodPatch, u, strings.NewReader(`{"enforceJobAuthScope": true}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.srv.Client().Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("limit the job authorization scope: %v %v", err, resp)
	}
	resp.Body.Close()
}
