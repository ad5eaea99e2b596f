package profiles

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

type recommendCase struct {
	Name          string   `yaml:"name"`
	Answers       Answers  `yaml:"answers"`
	Tenant        string   `yaml:"tenant"`
	TenantReasons []string `yaml:"tenantReasons"`
	DevOps        string   `yaml:"devops"`
	DevOpsReasons []string `yaml:"devopsReasons"`
	Warnings      []string `yaml:"warnings"`
}

func loadRecommendCases(t *testing.T) []recommendCase {
	t.Helper()
	data, err := os.ReadFile("../testdata/recommend/cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []recommendCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("want at least 20 recommendation cases, have %d", len(cases))
	}
	return cases
}

func ids(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestRecommendCases(t *testing.T) {
	for _, c := range loadRecommendCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			for id, v := range c.Answers {
				if err := CheckAnswer(id, v); err != nil {
					t.Fatalf("case uses an invalid answer: %v", err)
				}
			}
			r := Recommend(c.Answers)
			if r.Tenant.Model != c.Tenant || r.DevOps.Model != c.DevOps {
				t.Errorf("models = %s, %s; want %s, %s", r.Tenant.Model, r.DevOps.Model, c.Tenant, c.DevOps)
			}
			if got := ids(r.Tenant.Reasons); !slices.Equal(got, c.TenantReasons) {
				t.Errorf("tenant reasons = %v, want %v", got, c.TenantReasons)
			}
			if got := ids(r.DevOps.Reasons); !slices.Equal(got, c.DevOpsReasons) {
				t.Errorf("devops reasons = %v, want %v", got, c.DevOpsReasons)
			}
			if got := append(ids(r.Tenant.Warnings), ids(r.DevOps.Warnings)...); !slices.Equal(got, c.Warnings) {
				t.Errorf("warnings = %v, want %v", got, c.Warnings)
			}
			if len(r.Tenant.Means) == 0 || len(r.DevOps.Means) == 0 {
				t.Error("each model must say what it means for the install")
			}
		})
	}
}

// Every rule and caution must be what some case expects, so that removing
// one fails a test.
func TestEveryRuleAndCautionIsExercised(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range loadRecommendCases(t) {
		for _, list := range [][]string{c.TenantReasons, c.DevOpsReasons, c.Warnings} {
			for _, id := range list {
				seen[id] = true
			}
		}
	}
	for _, r := range append(append([]Rule{}, TenantRules...), DevOpsRules...) {
		if !seen[r.ID] {
			t.Errorf("rule %q is not expected by any case in testdata/recommend/cases.yaml", r.ID)
		}
		for id := range r.When {
			if _, ok := QuestionByID(id); !ok {
				t.Errorf("rule %q reads unknown question %q", r.ID, id)
			}
		}
	}
	for _, c := range Cautions {
		if !seen[c.ID] {
			t.Errorf("caution %q is not expected by any case", c.ID)
		}
	}
}

func TestQuestionsAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, q := range Questions {
		if seen[q.ID] {
			t.Errorf("question id %q is used twice", q.ID)
		}
		seen[q.ID] = true
		if q.Title == "" || q.Help == "" || len(q.Choices) < 2 || (q.Set != "tenant" && q.Set != "devops") {
			t.Errorf("question %q lacks a title, help, set or choices", q.ID)
		}
		for id := range q.ShowIf {
			if _, ok := QuestionByID(id); !ok {
				t.Errorf("question %q depends on unknown question %q", q.ID, id)
			}
		}
	}
}

func TestOverheadQuestionHiddenUntilSeparationIsWanted(t *testing.T) {
	q, _ := QuestionByID("devops.overhead-worth")
	if q.Visible(Answers{"devops.separate-storage": "no"}) {
		t.Error("shown although no separation is wanted")
	}
	if !q.Visible(Answers{"devops.different-policies": "yes"}) {
		t.Error("hidden although different policies call for separation")
	}
}

// Every weight is pinned by the cases: for each weighted rule, one weight
// more and one weight less must each change some case's model. The cases
// that do so sit at the table's edges, where the weights decide (a tie, or a
// win by one point), so they specify how the table behaves there.
func TestEveryRuleWeightDecidesSomeCase(t *testing.T) {
	cases := loadRecommendCases(t)
	for _, set := range []*[]Rule{&TenantRules, &DevOpsRules} {
		for i, r := range *set {
			if r.Decisive {
				continue
			}
			for _, delta := range []int{-1, +1} {
				if flipped := withWeight(set, i, r.Weight+delta, func() []string { return changedCases(cases) }); len(flipped) == 0 {
					t.Errorf("rule %q: weight %d → %d changes no case's model in testdata/recommend/cases.yaml; add a case where this weight decides",
						r.ID, r.Weight, r.Weight+delta)
				}
			}
		}
	}
}

// withWeight runs fn with rule i of *set weighing w, then restores the table.
func withWeight[T any](set *[]Rule, i, w int, fn func() T) T {
	saved := *set
	*set = slices.Clone(saved)
	(*set)[i].Weight = w
	defer func() { *set = saved }()
	return fn()
}

// changedCases names the cases whose models Recommend no longer gives.
func changedCases(cases []recommendCase) []string {
	var out []string
	for _, c := range cases {
		if r := Recommend(c.Answers); r.Tenant.Model != c.Tenant || r.DevOps.Model != c.DevOps {
			out = append(out, c.Name)
		}
	}
	return out
}

// A model the admin chooses over the recommendation brings its own
// cautions: the risks an answer raises are said whatever model wins.
func TestCautionsFollowTheChosenModels(t *testing.T) {
	a := Answers{"tenant.external-access": "yes", "devops.separate-storage": "yes"}
	rec := Recommend(a)
	if rec.Tenant.Model != "multi-tenant" || !slices.Contains(ids(rec.Tenant.Warnings), "guests-in-development-tenant") {
		t.Fatalf("recommended %s with %v", rec.Tenant.Model, ids(rec.Tenant.Warnings))
	}
	got := ids(CautionsFor(a, Models{Tenant: TenantEnterprise, DevOps: DevOpsManyToMany}))
	for _, want := range []string{"guests-in-the-only-tenant", "many-many-not-recommended", "deprecated"} {
		if !slices.Contains(got, want) {
			t.Errorf("cautions for enterprise, many:many = %v; want %s", got, want)
		}
	}
	for _, gone := range []string{"guests-in-development-tenant", "multi-tenant-app"} {
		if slices.Contains(got, gone) {
			t.Errorf("cautions for enterprise still include the multi-tenant caution %s: %v", gone, got)
		}
	}
}

// Every question's Simplest choice exists, and answering each question
// with it recommends one tenant and one Azure DevOps organization.
func TestSimplestAnswersRecommendTheSimplestInstallation(t *testing.T) {
	a := Answers{}
	for _, q := range Questions {
		if !q.Visible(a) {
			continue
		}
		if !slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.ID == q.Simplest }) {
			t.Fatalf("question %s: Simplest %q is not one of its choices", q.ID, q.Simplest)
		}
		a[q.ID] = q.Simplest
	}
	r := Recommend(a)
	if r.Tenant.Model == string(TenantMultiTenant) || r.DevOps.Model != string(DevOpsOneToOne) {
		t.Errorf("the simplest answers recommend %s / %s, want one tenant and 1:1", r.Tenant.Model, r.DevOps.Model)
	}
}

// A profile that keeps its preset's name for another tenant is named after
// that tenant; one the admin named, or still in the preset's tenant, keeps
// its name (issue 14 bug 4).
func TestAProfileForAnotherTenantIsNamedAfterIt(t *testing.T) {
	for _, tc := range []struct{ preset, name, domain, want string }{
		{"demo", "demo", "contosodemo.onmicrosoft.com", ""},
		{"demo", "demo", "Fabrikam-Demo.onmicrosoft.com", "fabrikam-demo"},
		{"enterprise", "enterprise", "woodgrove.onmicrosoft.com", "woodgrove"},
		{"demo", "my-install", "woodgrove.onmicrosoft.com", ""},
		{"demo", "demo", "…", ""},
	} {
		p, err := Preset(tc.preset)
		if err != nil {
			t.Fatal(err)
		}
		p.Metadata.Name = tc.name
		for i := range p.Tenants {
			if p.Tenants[i].Name == p.Identity.Tenant {
				p.Tenants[i].Domain = tc.domain
			}
		}
		if got := NameForTenant(p); got != tc.want {
			t.Errorf("%s in %s: name %q, want %q", tc.name, tc.domain, got, tc.want)
		}
	}
	if got := NameFromDomain("xn--bcher-kva.onmicrosoft.com"); got != "xn-bcher-kva" {
		t.Errorf("NameFromDomain: %q", got)
	}
}
