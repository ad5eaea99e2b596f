package steps

import (
	"strings"
	"testing"

	"almwiz/profiles"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// breakage is one broken state of issue 12, made through the sandbox's
// control route over HTTPS, and what doctor must say of it.
type breakage struct {
	name   string
	break_ sandbox.Breakage
	step   string
	health Health
	detail string // in the finding's detail
	fix    string // in the finding's fix
}

// breakages are the broken states of an installed demo preset that apply
// repairs, each standing in for what an admin or time does.
func breakages(h *harness, p *ppRunner) []breakage {
	org := h.profile.DevOps.Organizations[0]
	name, project := orgName(org), org.Projects[0].Name
	st, err := checkpoint.Load(p.dir)
	if err != nil {
		h.t.Fatal(err)
	}
	out := func(step, key string) string { return st.Steps[step].Outputs[key] }
	b := newBuild(h.profile, h.clients)
	envURL := func(env string) string {
		for _, e := range h.profile.Environments {
			if e.Name == env {
				return e.DataverseURL(b.cloud)
			}
		}
		h.t.Fatalf("no environment %s in the preset", env)
		return ""
	}
	app := map[string]string{"tenant": b.tenantDomain(b.home), "application": h.profile.Identity.AppRegistration}
	devops := func(state string, keys ...string) sandbox.Breakage {
		k := map[string]string{"organization": name, "project": project}
		for i := 0; i+1 < len(keys); i += 2 {
			k[keys[i]] = keys[i+1]
		}
		return sandbox.Breakage{Service: "devops", State: state, Keys: k}
	}
	perms := IDProjectStep(name, project, "pipeline-permissions")
	endpoint := IDProjectStep(name, project, "service-connection", b.connected(org.Projects[0])[0].Name)
	return []breakage{
		{"client secret expiring in 10 days", sandbox.Breakage{Service: "entra", State: "secret-expiring", Keys: with(app, "in", "240h")},
			IDClientSecret, HealthDrifted, "expires on", "almwiz rotate-secret"},
		{"every client secret expired", sandbox.Breakage{Service: "entra", State: "secret-expired", Keys: app},
			IDClientSecret, HealthDrifted, "every client secret has expired", "almwiz apply"},
		{"application user deleted in an environment", sandbox.Breakage{Service: "powerplatform", State: "application-user-deleted",
			Keys: map[string]string{"environment": envURL("dev"), "application": out(IDAppRegistration, OutAppID)}},
			IDHostStep("dev", "application-user"), HealthMissing, "no application user", "almwiz apply"},
		{"flows off", sandbox.Breakage{Service: "powerplatform", State: "flows-off", Keys: map[string]string{"environment": envURL("host")}},
			IDHostStep("host", "flows"), HealthDrifted, "off: ", "almwiz apply"},
		{"pipeline permission of the variable group revoked", devops("pipeline-permission-revoked", "resourceType", "variablegroup",
			"resource", out(IDProjectStep(name, project, "variable-group"), OutVarGroupID)),
			perms, HealthMissing, "variable group", "almwiz apply"},
		{"pipeline permission of a service connection revoked", devops("pipeline-permission-revoked", "resourceType", "endpoint",
			"resource", out(endpoint, OutEndpointID)),
			perms, HealthMissing, "service connection " + out(endpoint, OutEndpointID), "almwiz apply"},
		{"pipeline permission of the agent queue revoked", devops("pipeline-permission-revoked", "resourceType", "queue", "resource", hostedQueue),
			perms, HealthMissing, "queue " + hostedQueue, "almwiz apply"},
		{"build service's Git permissions removed", devops("build-service-acl-removed"),
			IDProjectStep(name, project, "build-service-permissions"), HealthMissing, "Build Service", "almwiz apply"},
		{"templates behind: main at the older release", devops("templates-behind", "repository", org.Projects[0].PipelineRepository,
			"tag", "CenterofExcellenceALMAccelerator-October2023"),
			IDProjectStep(name, project, "repository"), HealthDrifted, "older release CenterofExcellenceALMAccelerator-October2023", "almwiz apply"},
	}
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

// Every broken state of issue 12 that apply repairs, made through the
// sandbox's control routes as an admin or time would make it: doctor names
// it with what it breaks, the role and the fix; apply repairs it; doctor is
// clean again. (The deleted variable group, the disabled application user
// and the revoked admin consent stay in TestDoctorFindsWhatBreaksAndApplyRepairsIt
// and TestDoctorFindsADeletedVariableGroupAndApplyRepairsIt: an admin makes
// them through the real APIs, which the steps' own Destroy calls.)
func TestDoctorFindsEachBrokenStateAndApplyRepairsIt(t *testing.T) {
	h, p := installed(t, "demo")
	for _, tc := range breakages(h, p) {
		t.Run(tc.name, func(t *testing.T) {
			if err := h.srv.Break(tc.break_); err != nil {
				t.Fatal(err)
			}
			rep := p.doctor(CheckOptions{})
			var got Verdict
			for _, f := range rep.Findings {
				if f.StepID == tc.step {
					got = f
				}
			}
			t.Logf("%s %s: %s — fix: %s (%s)", got.Health, got.StepID, got.Detail, got.Fix, got.Role)
			if got.Health != tc.health || !strings.Contains(got.Detail, tc.detail) || got.Role == "" || !strings.Contains(got.Fix, tc.fix) {
				t.Errorf("%s: %+v\nwant %s, detail with %q, a role, fix with %q", tc.step, got, tc.health, tc.detail, tc.fix)
			}
			if rep.Healthy() {
				t.Error("the report says healthy")
			}
			p.applyThenHealthy(t)
		})
	}
}

// A main with commits of its own (customised templates) is at risk: the
// makers' pipelines run those templates, not the installed release's.
// apply never moves such a main — it would drop the organization's
// commits — so the fix doctor gives is Microsoft's sync-pipeline-repo
// guide, and after apply doctor still says so.
func TestDoctorWarnsOfCustomisedTemplatesThatApplyLeaves(t *testing.T) {
	t.Parallel()
	h, p := installed(t, "demo")
	org := h.profile.DevOps.Organizations[0]
	name, project := orgName(org), org.Projects[0].Name
	repo := IDProjectStep(name, project, "repository")
	if err := h.srv.Break(sandbox.Breakage{Service: "devops", State: "templates-customised",
		Keys: map[string]string{"organization": name, "project": project, "repository": org.Projects[0].PipelineRepository}}); err != nil {
		t.Fatal(err)
	}
	find := func() Verdict {
		for _, f := range p.doctor(CheckOptions{}).Findings {
			if f.StepID == repo {
				return f
			}
		}
		return Verdict{}
	}
	want := func(when string, f Verdict) {
		t.Helper()
		if f.Health != HealthAtRisk || !strings.Contains(f.Detail, "commits of its own") || f.Role != roleProjectAdmin ||
			!strings.Contains(f.Fix, "sync-pipeline-repo") || !strings.Contains(f.Fix, syncPipelineGuide) {
			t.Errorf("%s: %+v\nwant at risk, commits of its own, %s, the sync-pipeline-repo guide", when, f, roleProjectAdmin)
		}
	}
	want("before apply", find())
	mark := len(h.requests())
	if res := p.run(nil); res.err != nil {
		t.Fatalf("apply: %v", res.err)
	}
	for _, w := range h.writes(mark) {
		if strings.Contains(w, "/refs") {
			t.Errorf("apply moved a customised main: %s", w)
		}
	}
	want("after apply", find())
}

// A profile pinned to an older release than main holds (someone ran the
// sync pipeline to a later release): the templates are not behind, the
// profile is; doctor says so and does not advise moving main back first.
func TestDoctorSaysTheProfileIsBehindWhenMainIsAtANewerRelease(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "demo", sandbox.Options{})
	pr := &h.profile.DevOps.Organizations[0].Projects[0]
	pr.Templates.Ref = "CenterofExcellenceALMAccelerator-October2023"
	p := newPPRunner(h)
	p.plan = func(h *harness) *Plan { return h.plan() }
	if res := p.run(nil); res.err != nil {
		t.Fatalf("install: %v", res.err)
	}
	name := orgName(h.profile.DevOps.Organizations[0])
	if err := h.srv.Break(sandbox.Breakage{Service: "devops", State: "templates-behind", Keys: map[string]string{
		"organization": name, "project": pr.Name, "repository": pr.PipelineRepository, "tag": profiles.DefaultTemplateRef}}); err != nil {
		t.Fatal(err)
	}
	var got Verdict
	for _, f := range p.doctor(CheckOptions{}).Findings {
		if f.StepID == IDProjectStep(name, pr.Name, "repository") {
			got = f
		}
	}
	if got.Health != HealthAtRisk || !strings.Contains(got.Detail, "newer release "+profiles.DefaultTemplateRef) ||
		!strings.HasPrefix(got.Fix, "if the upgrade was meant, a project administrator sets templates.ref to "+profiles.DefaultTemplateRef) {
		t.Errorf("%+v\nwant at risk naming the newer release, the fix the profile's templates.ref", got)
	}
}
