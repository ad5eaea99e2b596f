package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

func TestServiceConnectionsWaitForTheBuildToolsExtension(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	b := newBuild(h.profile, h.clients)
	n := 0
	for _, s := range b.devopsSteps() {
		if !strings.Contains(s.ID(), "/service-connection/") {
			continue
		}
		n++
		org := strings.Split(s.ID(), "/")[1]
		if !slices.Contains(s.Needs(), IDExtensions(org)) {
			t.Errorf("%s needs %v, not %s: the type powerplatform-spn does not exist before the Build Tools are installed", s.ID(), s.Needs(), IDExtensions(org))
		}
	}
	if n == 0 {
		t.Fatal("the plan has no service connection step")
	}
}

// projectSetting is a project's own pipeline setting in the sandbox inventory.
func projectSetting(h *harness, org, project, name string) any {
	for _, s := range h.inventory("settings") {
		if strings.EqualFold(fmt.Sprint(s["organization"]), org) {
			p, _ := s["projects"].(map[string]any)[project].(map[string]any)
			return p[name]
		}
	}
	return nil
}

func TestProtectedRepositoriesAreOpenedToThePipelinesWhereTheProjectDecides(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	h.srv.SetOrganizationPipelineSettings("contoso", true, false) // an organization that leaves it to projects
	d := newDevOpsRun(h)
	ev, err := d.run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := projectSetting(h, "contoso", "alm", "enforceReferencedRepoScopedToken"); got != false {
		t.Errorf("project alm protects its repositories (%v): the export pipeline's first run against each solution repository would wait for a person", got)
	}
	step := IDProjectStep("contoso", "alm", "job-authorization-scope")
	if !slices.ContainsFunc(ev[EventUpdated], func(e Event) bool { return e.StepID == step }) {
		t.Errorf("%s was not updated: %v", step, ev[EventUpdated])
	}
}

func TestRepositoriesProtectedByTheOrganizationAreReportedNotFought(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{}) // a new organization protects them
	d := newDevOpsRun(h)
	ctx := context.Background()
	ev, err := d.run(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	said := slices.ContainsFunc(ev[EventProgress], func(e Event) bool {
		return strings.Contains(e.Message, "Protect access to repositories in YAML pipelines") && strings.Contains(e.Message, "Organization settings")
	})
	if !said {
		t.Error("no progress says that the organization protects repositories and what to do")
	}
	n := len(h.requests())
	if _, err := d.run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if w := h.writes(n); len(w) != 0 {
		t.Errorf("a second run wrote %v", w)
	}
}

func TestMakersGetTheBasicAccessLevelThroughAGroupRule(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	d := newDevOpsRun(h)
	if _, err := d.run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	makers := d.store.State().Steps[IDMakersGroup].Outputs[OutGroupID]
	var rules []string
	for _, e := range h.inventory("groupEntitlements") {
		rules = append(rules, fmt.Sprint(e["originId"], " ", e["accountLicenseType"], " ", e["licensingSource"]))
	}
	if want := makers + " express account"; len(rules) != 1 || rules[0] != want {
		t.Errorf("group rules %q, want one: %q (Basic for the makers' Entra group)", rules, want)
	}
}
