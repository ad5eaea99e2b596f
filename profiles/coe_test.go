package profiles

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func importSample(t *testing.T, name string, opts CoEOptions) (*CoEImport, error) {
	t.Helper()
	data, err := os.ReadFile("../testdata/coe/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return ImportCoE(data, opts)
}

func TestImportCoECompleteInstallValidates(t *testing.T) {
	imp, err := importSample(t, "complete-install.json", CoEOptions{TenantDomain: "contoso.onmicrosoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Problems) > 0 {
		t.Fatalf("problems: %v", imp.Problems)
	}
	p := imp.Profile
	host, _ := p.Environments.Find("host")
	if host.URL != "https://contoso-alm.crm.dynamics.com/" {
		t.Errorf("bare host name became %q", host.URL)
	}
	if p.DevOps.Organizations[0].URL != "https://dev.azure.com/contoso" || p.Metadata.Name != "contoso" {
		t.Errorf("organization %q, name %q", p.DevOps.Organizations[0].URL, p.Metadata.Name)
	}
	if _, err := Export(p); err != nil {
		t.Fatal(err)
	}
	for _, w := range imp.Warnings {
		if strings.HasPrefix(w, "log:") {
			return
		}
	}
	t.Errorf("log setting dropped without a warning: %v", imp.Warnings)
}

func TestImportCoEExplainsWhatIsMissing(t *testing.T) {
	cases := map[string][]string{
		"coe-cli_test2.json": {
			"environments.host", "tenants.main.domain", "environments.production",
		},
		"coe-cli_docs_alm_admin-install.md.embedded-example.json": {
			"environments.host", "environments.validation.url", "environments.test.url", "environments.production.url",
		},
	}
	for file, paths := range cases {
		t.Run(file, func(t *testing.T) {
			imp, err := importSample(t, file, CoEOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range paths {
				if _, ok := find(imp.Problems, path); !ok {
					t.Errorf("no problem at %s; problems: %v", path, imp.Problems)
				}
			}
			if len(imp.Warnings) == 0 {
				t.Error("no warnings")
			}
			draft, err := ExportDraft(imp.Profile, imp.Problems)
			if err != nil || !strings.Contains(string(draft), "DRAFT") {
				t.Errorf("draft: %v\n%s", err, draft)
			}
		})
	}
}

func TestImportCoERefusesFilesThatAreNotInstallConfigurations(t *testing.T) {
	for file, want := range map[string]string{
		"coe-cli_sample.json":      "run file",
		"coe-cli_docs_user.config": "maker configuration",
	} {
		_, err := importSample(t, file, CoEOptions{})
		var inv *InvalidError
		if !errors.As(err, &inv) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want an invalid-input error saying %q, got %v", file, want, err)
		}
	}
}

func TestImportCoEReadsStringAndMapForms(t *testing.T) {
	data := `{"devOpsOrganization":"https://dev.azure.com/fabrikam","environments":"host=fabrikam-alm,x=y",
	  "settings":{"installEnvironments":"validation,test","createSecret":false,"validation":"fabrikam-val","test":"fabrikam-test"},
	  "unknownThing":1}`
	imp, err := ImportCoE([]byte(data), CoEOptions{TenantDomain: "fabrikam.onmicrosoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(imp.Warnings, "\n")
	for _, want := range []string{"unknownThing", "createSecret false", "installEnvironments is text"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning about %s in:\n%s", want, joined)
		}
	}
	if got := imp.Profile.DevOps.Organizations[0].Projects[0].Environments; strings.Join(got, ",") != "validation,test" {
		t.Errorf("service-connection environments = %v", got)
	}
}
