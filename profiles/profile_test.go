package profiles

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestPresetsValidateAndMatchTheirRecommendation(t *testing.T) {
	for _, name := range PresetNames() {
		t.Run(name, func(t *testing.T) {
			p, err := Preset(name)
			if err != nil {
				t.Fatal(err)
			}
			r := Recommend(p.Answers)
			if TenantModel(r.Tenant.Model) != p.Models.Tenant || DevOpsModel(r.DevOps.Model) != p.Models.DevOps {
				t.Errorf("preset models %s/%s differ from its answers' recommendation %s/%s",
					p.Models.Tenant, p.Models.DevOps, r.Tenant.Model, r.DevOps.Model)
			}
		})
	}
	if got := PresetNames(); strings.Join(got, ",") != "demo,enterprise,multi-tenant" {
		t.Errorf("presets = %v", got)
	}
}

func TestExportedProfileLoadsAgainUnchanged(t *testing.T) {
	for _, name := range PresetNames() {
		p, _ := Preset(name)
		out, err := Export(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(out), SchemaModeline+"\n") {
			t.Errorf("%s: export does not start with the modeline", name)
		}
		q, err := Load(out, "exported "+name)
		if err != nil {
			t.Fatalf("%s: exported profile does not load: %v\n%s", name, err, out)
		}
		again, _ := Export(q)
		if string(again) != string(out) {
			t.Errorf("%s: export is not stable:\n%s\n---\n%s", name, out, again)
		}
	}
}

func TestBrokenProfileReportsEveryProblemWithItsPosition(t *testing.T) {
	data, err := os.ReadFile("../testdata/profiles/broken.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(data, "broken.yaml")
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("want *InvalidError, got %v", err)
	}
	if !strings.Contains(inv.Error(), `environments.production.tenat (line 37, col 5): unknown key "tenat" — did you mean "tenant"?`) {
		t.Errorf("unknown key not reported with a suggestion:\n%v", inv)
	}
	for path, line := range map[string]int{
		"metadata.name": 4, "answers.tenant.users": 6, "tenants.contoso.domain": 13, "tenants.contoso.id": 14,
		"identity.tenant": 16, "identity.credential.lifetimeDays": 22, "devops.organizations[0].url": 25,
		"devops.organizations[0].projects[0].templates.ref": 29, "environments.test.url": 34,
	} {
		p, ok := find(inv.Problems, path)
		if !ok {
			t.Errorf("no problem reported at %s in:\n%v", path, inv)
			continue
		}
		if p.Line != line || p.Column == 0 {
			t.Errorf("%s reported at line %d col %d, want line %d", path, p.Line, p.Column, line)
		}
	}
	if !strings.Contains(inv.Error(), `environments.test.url (line 34, col 10): "https://contoso-test.crm.dynamics" is not a Dataverse environment URL`) {
		t.Errorf("environment URL message not as documented:\n%v", inv)
	}
	if inv.ExitCode() != 2 {
		t.Error("invalid input must exit 2")
	}
}

func find(ps []Problem, path string) (Problem, bool) {
	for _, p := range ps {
		if p.Path == path {
			return p, true
		}
	}
	return Problem{}, false
}

func TestProfileWithASecretIsRefused(t *testing.T) {
	base, _ := PresetSource("enterprise")
	for name, edit := range map[string][2]string{
		"secret key":         {"    lifetimeDays: 180", "    lifetimeDays: 180\n    clientSecret: abc"},
		"Entra secret value": {"displayName: almwiz", "displayName: Abc8Q~abcdefghijklmnopqrstuvwxyz0123456"},
		"token value":        {"description: Contoso's ALM Accelerator installation", "description: eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4eHh4In0.sig"},
	} {
		t.Run(name, func(t *testing.T) {
			data := strings.Replace(string(base), edit[0], edit[1], 1)
			if data == string(base) {
				t.Fatal("edit did not apply")
			}
			_, err := Load([]byte(data), "secret.yaml")
			if err == nil || !strings.Contains(err.Error(), "never holds secrets") {
				t.Fatalf("want a refusal naming secrets, got %v", err)
			}
			if strings.Contains(err.Error(), "8Q~abcdef") || strings.Contains(err.Error(), "eyJzdWIi") {
				t.Error("the error repeats the secret")
			}
		})
	}
}

func TestTopologyMustFitTheModels(t *testing.T) {
	cases := map[string]func(p *Profile){
		"multi-tenant with one tenant": func(p *Profile) { p.Models.Tenant = TenantMultiTenant },
		"1:many with one project":      func(p *Profile) { p.Models.DevOps = DevOpsOneToMany },
		"many:many with one host":      func(p *Profile) { p.Models.DevOps = DevOpsManyToMany },
		"1:1 with two projects": func(p *Profile) {
			o := &p.DevOps.Organizations[0]
			o.Projects = append(o.Projects, NewProject("alm2", true))
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			p, _ := Preset("enterprise")
			edit(p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), "models.") {
				t.Fatalf("want a models problem, got %v", err)
			}
		})
	}
}
