package powerplatform_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

// withALM imports the Creator Kit and the ALM Accelerator into the host environment.
func withALM(t *testing.T, w *world, c *powerplatform.Client, dv *powerplatform.Dataverse) {
	t.Helper()
	ctx := context.Background()
	for _, s := range []struct{ repo, solution, version string }{
		{powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, ""},
		{powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, almVersion},
	} {
		if _, err := importRelease(ctx, c, dv, s.repo, s.solution, s.version); err != nil {
			t.Fatalf("import %s: %v", s.solution, err)
		}
	}
}

func TestFlowsStayOffAndAreReportedUntilTheirConnectionReferencesAreBound(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	dv := w.dataverse(c, hostURL)
	withALM(t, w, c, dv)
	env, _ := must2(t)(c.FindEnvironment(ctx, hostURL))

	report := must[powerplatform.FlowReport](t)(dv.EnsureFlowsOn(ctx, powerplatform.SolutionALMAccelerator))
	if report.Complete() || len(report.TurnedOn) > 0 || len(report.Unbound) != 4 {
		t.Fatalf("before binding: %+v, want every flow blocked by 4 unbound references", report)
	}
	for flow, why := range report.Blocked {
		if !strings.Contains(why, "cat_sharedwebcontents_0df3a") {
			t.Errorf("%s is blocked because %q, which does not name the unbound reference", flow, why)
		}
	}

	refs := must[[]powerplatform.ConnectionReference](t)(dv.ConnectionReferences(ctx, "cat_"))
	web := refs[slices.IndexFunc(refs, func(r powerplatform.ConnectionReference) bool { return r.API() == "shared_webcontents" })]
	if conns := must[[]powerplatform.Connection](t)(c.Connections(ctx, env.Name, web.API())); len(conns) != 0 {
		t.Fatalf("connections before the admin made one: %+v", conns)
	}
	wantLink := "https://make.powerapps.com/environments/" + env.Name + "/connections/available?apiName=shared_webcontents"
	if link := c.ConnectionLink(env.Name, web.API()); link != wantLink {
		t.Errorf("ConnectionLink = %s, want %s", link, wantLink)
	}
	wrong := w.createConnection(env.Name, "shared_commondataservice")
	if _, err := dv.BindConnectionReference(ctx, web.ID, wrong); err == nil {
		t.Error("binding a Dataverse connection to the HTTP reference succeeded")
	}

	if _, err := bindReferences(ctx, w, c, dv, env.Name); err != nil {
		t.Fatal(err)
	}
	report = must[powerplatform.FlowReport](t)(dv.EnsureFlowsOn(ctx, powerplatform.SolutionALMAccelerator))
	if !report.Complete() || len(report.TurnedOn) != 7 || len(report.Unbound) != 0 {
		t.Errorf("after binding: %+v, want 7 flows turned on", report)
	}
	mark := w.requestCount()
	report = must[powerplatform.FlowReport](t)(dv.EnsureFlowsOn(ctx, powerplatform.SolutionALMAccelerator))
	if len(report.AlreadyOn) != 7 || len(w.writesSince(mark)) > 0 {
		t.Errorf("third run: %+v, writes %v", report, w.writesSince(mark))
	}
}
