package profiles

import (
	"errors"
	"strings"
	"testing"
)

// badEdit breaks the enterprise preset in one place; the loader must refuse
// it with a problem at path whose message contains want.
type badEdit struct {
	name, old, new, path, want string
}

var badEdits = []badEdit{
	{"wrong apiVersion", "apiVersion: almwiz/v1", "apiVersion: almwiz/v2", "apiVersion", "must be"},
	{"wrong kind", "kind: InstallProfile", "kind: Profile", "kind", "must be"},
	{"missing name", "  name: contoso-enterprise", "  name: \"\"", "metadata.name", "usable name"},
	{"name with spaces", "  name: contoso-enterprise", "  name: Contoso Enterprise", "metadata.name", "lower-case"},
	{"unknown top-level key", "cloud: public", "cloud: public\nregion: NAM", "region", "unknown key"},
	{"typo in a key", "  makersGroup:", "  makersGrop:", "identity.makersGrop", "did you mean \"makersGroup\""},
	{"unknown question", "  tenant.users: 1000+", "  tenant.userz: 1000+", "answers.tenant.userz", "did you mean"},
	{"bad answer", "  tenant.users: 1000+", "  tenant.users: many", "answers.tenant.users", "choose"},
	{"answers as a list", "answers:\n  tenant.new-to-alm: some", "answers:\n  - tenant.new-to-alm\n  - x\nold:\n  tenant.new-to-alm: some", "answers", "expected a mapping"},
	{"bad tenant model", "  tenant: enterprise\n", "  tenant: corporate\n", "models.tenant", "not a tenant model"},
	{"unquoted devops model", "  devops: \"1:1\"", "  devops: 1:2", "models.devops", "not an Azure DevOps model"},
	{"override without reason", "  devops: \"1:1\"", "  devops: \"1:1\"\n  override: {recommendedTenant: demo, reason: \"\"}", "models.override.reason", "say why"},
	{"unknown cloud", "cloud: public", "cloud: azure", "cloud", "not a known cloud"},
	{"cloud as a list", "cloud: public", "cloud: [public]", "cloud", "expected a single value"},
	{"no tenants", "tenants:\n  contoso:\n    domain: contoso.onmicrosoft.com\n    holds: [entra, devops, powerplatform]", "tenants: {}", "tenants", "at least one tenant"},
	{"tenants as a list", "tenants:\n  contoso:\n    domain: contoso.onmicrosoft.com\n    holds: [entra, devops, powerplatform]", "tenants:\n  - contoso", "tenants", "expected a mapping"},
	{"bad tenant domain", "domain: contoso.onmicrosoft.com", "domain: contoso", "tenants.contoso.domain", "not a tenant domain"},
	{"bad tenant id", "domain: contoso.onmicrosoft.com", "domain: contoso.onmicrosoft.com\n    id: 1234", "tenants.contoso.id", "GUID"},
	{"bad holds", "holds: [entra, devops, powerplatform]", "holds: [entra, azure]", "tenants.contoso.holds[1]", "not entra"},
	{"upper-case tenant name", "  contoso:\n    domain", "  Contoso:\n    domain", "tenants.Contoso", "usable tenant name"},
	{"undeclared identity tenant", "  tenant: contoso\n  appRegistration", "  tenant: fabrikam\n  appRegistration", "identity.tenant", "not a tenant declared"},
	{"empty app registration", "appRegistration: ALMAcceleratorServicePrincipal", "appRegistration: \"\"", "identity.appRegistration", "required"},
	{"huge app name", "appRegistration: ALMAcceleratorServicePrincipal", "appRegistration: " + strings.Repeat("x", 130), "identity.appRegistration", "longer than"},
	{"certificate credential", "kind: client-secret", "kind: certificate", "identity.credential.kind", "client-secret"},
	{"lifetime as text", "lifetimeDays: 180", "lifetimeDays: half a year", "identity.credential.lifetimeDays", "whole number"},
	{"lifetime too long", "lifetimeDays: 180", "lifetimeDays: 3650", "identity.credential.lifetimeDays", "out of range"},
	{"lifetime zero", "lifetimeDays: 180", "lifetimeDays: 0", "identity.credential.lifetimeDays", "out of range"},
	{"managementApp not a bool", "  makersGroup: ALMAcceleratorForMakers", "  makersGroup: ALMAcceleratorForMakers\n  managementApp: maybe", "identity.managementApp", "true or false"},
	{"secret in the profile", "    lifetimeDays: 180", "    lifetimeDays: 180\n    secret: hunter2", "identity.credential.secret", "never holds secrets"},
	{"password key", "cloud: public", "cloud: public\npassword: x", "password", "never holds secrets"},
	{"no organizations", "  organizations:\n    - url", "  organizations: []\n  old:\n    - url", "devops.organizations", "at least one"},
	{"org URL without org", "url: https://dev.azure.com/contoso", "url: https://dev.azure.com/", "devops.organizations[0].url", "not an Azure DevOps organization URL"},
	{"org URL over http", "url: https://dev.azure.com/contoso", "url: http://dev.azure.com/contoso", "devops.organizations[0].url", "not an Azure DevOps"},
	{"org URL with a project", "url: https://dev.azure.com/contoso", "url: https://dev.azure.com/contoso/alm", "devops.organizations[0].url", "not an Azure DevOps"},
	{"bad extension id", "- qetza.replacetokens", "- replacetokens", "devops.organizations[0].extensions[1]", "publisher.extension"},
	{"no projects", "      projects:\n        - name: alm", "      projects: []\n      old:\n        - name: alm", "devops.organizations[0].projects", "declare the ALM project"},
	{"project name with a slash", "- name: alm", "- name: alm/main", "devops.organizations[0].projects[0].name", "does not allow"},
	{"project name starting with _", "- name: alm", "- name: _alm", "devops.organizations[0].projects[0].name", "may not start"},
	{"create not a bool", "create: true", "create: sure", "devops.organizations[0].projects[0].create", "true or false"},
	{"empty repository name", "pipelineRepository: pipelines", "pipelineRepository: \"\"", "devops.organizations[0].projects[0].pipelineRepository", "name is required"},
	{"templates over http", "repository: https://github.com/microsoft/coe-alm-accelerator-templates", "repository: git@github.com:microsoft/coe-alm-accelerator-templates", "devops.organizations[0].projects[0].templates.repository", "https Git URL"},
	{"no template ref", "ref: CenterofExcellenceALMAccelerator-March2024", "ref: \"\"", "devops.organizations[0].projects[0].templates.ref", "tag to import"},
	{"service connection to an unknown environment", "          pipelineRepository: pipelines", "          pipelineRepository: pipelines\n          environments: [staging]", "devops.organizations[0].projects[0].environments[0]", "not declared"},
	{"service connection to the host", "          pipelineRepository: pipelines", "          pipelineRepository: pipelines\n          environments: [host]", "devops.organizations[0].projects[0].environments[0]", "host environment"},
	{"environment URL without dynamics.com", "url: https://contoso-test.crm.dynamics.com/", "url: https://contoso-test.crm.dynamics", "environments.test.url", "not a Dataverse environment URL"},
	{"environment URL with a path", "url: https://contoso-test.crm.dynamics.com/", "url: https://contoso-test.crm.dynamics.com/main.aspx", "environments.test.url", "not a Dataverse"},
	{"environment URL of another cloud", "url: https://contoso-test.crm.dynamics.com/", "url: https://contoso-test.crm.microsoftdynamics.us/", "environments.test.url", "public cloud"},
	{"environment with url and create", "url: https://contoso-test.crm.dynamics.com/", "url: https://contoso-test.crm.dynamics.com/\n    create: {domainName: x, location: europe, type: Sandbox}", "environments.test.create", "not both"},
	{"environment with neither", "    url: https://contoso-test.crm.dynamics.com/\n", "", "environments.test", "give the url"},
	{"unknown purpose", "purpose: development", "purpose: staging", "environments.dev-makers.purpose", "say what"},
	{"unknown environment name without purpose", "  dev-makers:\n    purpose: development\n", "  dev-makers:\n", "environments.dev-makers.purpose", "say what"},
	{"same environment twice", "url: https://contoso-prod.crm.dynamics.com/", "url: https://contoso-test.crm.dynamics.com/", "environments.production", "same environment"},
	{"create in an unknown location", "url: https://contoso-test.crm.dynamics.com/", "create: {domainName: contoso-test, location: mars, type: Sandbox}", "environments.test.create.location", "not a Power Platform location"},
	{"create with a bad type", "url: https://contoso-test.crm.dynamics.com/", "create: {domainName: contoso-test, location: europe, type: Dev}", "environments.test.create.type", "not an environment type"},
	{"create with a bad domain name", "url: https://contoso-test.crm.dynamics.com/", "create: {domainName: Contoso_Test, location: europe, type: Sandbox}", "environments.test.create.domainName", "cannot start"},
	{"create with a bad currency", "url: https://contoso-test.crm.dynamics.com/", "create: {domainName: contoso-test, location: europe, type: Sandbox, currency: euro}", "environments.test.create.currency", "ISO currency"},
	{"environment in an undeclared tenant", "    tenant: contoso\n    url: https://contoso-test", "    tenant: fabrikam\n    url: https://contoso-test", "environments.test.tenant", "not a tenant declared"},
	{"no host", "  host:\n    tenant: contoso\n    url: https://contoso-alm.crm.dynamics.com/\n", "", "environments", "declare the host"},
	{"two hosts without many:many", "  production:\n", "  host2:\n    purpose: host\n    url: https://contoso-alm2.crm.dynamics.com/\n  production:\n", "environments", "only many:many"},
	{"unknown solution source", "source: release", "source: github", "solution.source", "release, url or file"},
	{"solution url over http", "source: release", "source: url\n  url: http://example.com/x.zip", "solution.url", "https URL"},
	{"solution file missing", "source: release", "source: file", "solution.file", "give the path"},
	{"multi-tenant with one tenant", "  tenant: enterprise\n", "  tenant: multi-tenant\n", "models.tenant", "at least two tenants"},
	{"1:many with one project", "  devops: \"1:1\"", "  devops: \"1:many\"", "models.devops", "1:many needs"},
	{"many:many with one host", "  devops: \"1:1\"", "  devops: \"many:many\"", "models.devops", "many:many is several"},
	// Secrets in unusual places (issue 11, item 6).
	{"credentials in the templates URL", "repository: https://github.com/microsoft/coe-alm-accelerator-templates", "repository: https://me:hunter2@github.com/microsoft/coe-alm-accelerator-templates", "devops.organizations[0].projects[0].templates.repository", "URL with credentials"},
	{"GitHub token in the description", "  description: Contoso's ALM Accelerator installation", "  description: made with ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "metadata.description", "never holds secrets"},
	{"fine-grained GitHub token as a name", "makersGroup: ALMAcceleratorForMakers", "makersGroup: github_pat_11AAAAAAA0abcdefghijklmnopqrstuvwxyz", "identity.makersGroup", "never holds secrets"},
	{"Azure DevOps PAT inside a text", "displayName: almwiz", "displayName: \"pat abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst\"", "identity.credential.displayName", "never holds secrets"},
	{"Entra secret in a reason", "  devops: \"1:1\"", "  devops: \"1:1\"\n  override: {recommendedTenant: demo, reason: \"abc1Q~abcdefghijklmnopqrstuvwxyz012345\"}", "models.override.reason", "never holds secrets"},
	{"credentials in the solution URL", "source: release", "source: url\n  url: https://x:y@example.com/ALMAcceleratorForAdvancedMakers_managed.zip", "solution.url", "URL with credentials"},
	// Sources that are not Microsoft's need a named opt-in (issue 11, item 2).
	{"templates from a fork", "repository: https://github.com/microsoft/coe-alm-accelerator-templates", "repository: https://github.com/someone/coe-alm-accelerator-templates", "devops.organizations[0].projects[0].templates.repository", "options.trustedSources"},
	{"templates from the org's own repository", "repository: https://github.com/microsoft/coe-alm-accelerator-templates", "repository: https://dev.azure.com/contoso/shared/_git/templates", "devops.organizations[0].projects[0].templates.repository", "not Microsoft's"},
	{"solution from another host", "source: release", "source: url\n  url: https://example.com/CenterofExcellenceALMAccelerator_managed.zip", "solution.url", "options.trustedSources"},
	{"solution from a look-alike GitHub path", "source: release", "source: url\n  url: https://github.com/microsoft/coe-starter-kit-fork/releases/download/x/a_managed.zip", "solution.url", "not a CoE Starter Kit release"},
	{"trusted source not used", "  appUserRole: System Administrator", "  appUserRole: System Administrator\n  trustedSources: [https://github.com/someone/templates]", "options.trustedSources[0]", "not a templates repository or solution URL of this profile"},
	{"trusted source over http", "  appUserRole: System Administrator", "  appUserRole: System Administrator\n  trustedSources: [http://github.com/someone/templates]", "options.trustedSources[0]", "https URL"},
	// Control, bidirectional and invisible characters (issue 11, item 8).
	{"NUL in a project name", "- name: alm", "- name: \"alm\\0\"", "devops.organizations[0].projects[0].name", "U+0000"},
	{"right-to-left override in the makers group", "makersGroup: ALMAcceleratorForMakers", "makersGroup: \"ALMAcceleratorFor\\u202eSrekam\"", "identity.makersGroup", "U+202E"},
	{"zero-width space in the app registration", "appRegistration: ALMAcceleratorServicePrincipal", "appRegistration: \"ALMAccelerator\\u200bServicePrincipal\"", "identity.appRegistration", "U+200B"},
	{"terminal escape in a display name", "displayName: almwiz", "displayName: \"alm\\e[2Kwiz\"", "identity.credential.displayName", "U+001B"},
	{"byte-order mark in a display name", "displayName: almwiz", "displayName: \"\\ufeffalmwiz\"", "identity.credential.displayName", "U+FEFF"},
	{"Hangul filler as the makers group", "makersGroup: ALMAcceleratorForMakers", "makersGroup: \"\\u3164\"", "identity.makersGroup", "U+3164"},
	{"line separator in the app registration", "appRegistration: ALMAcceleratorServicePrincipal", "appRegistration: \"ALMAccelerator\\LServicePrincipal\"", "identity.appRegistration", "U+2028"},
	{"bidi isolate in a description", "  description: Contoso's ALM Accelerator installation", "  description: \"Contoso \\u2066ALM\"", "metadata.description", "U+2066"},
	{"duplicate key", "  appRegistration: ALMAcceleratorServicePrincipal", "  appRegistration: ALMAcceleratorServicePrincipal\n  appRegistration: Other", "identity.appRegistration", "given twice"},
	{"unusable solution version", "  version: 1.0.20240305.1", "  version: latest-and-greatest", "solution.version", "not a version"},
	{"alias", "  appRegistration: ALMAcceleratorServicePrincipal\n  makersGroup: ALMAcceleratorForMakers", "  appRegistration: &a ALMAcceleratorServicePrincipal\n  makersGroup: *a", "identity.makersGroup", "aliases"},
	{"binary value", "  makersGroup: ALMAcceleratorForMakers", "  makersGroup: !!binary aGVsbG8=", "identity.makersGroup", "binary"},
}

func TestBadProfilesNameTheFieldAndTheFix(t *testing.T) {
	base, _ := PresetSource("enterprise")
	if len(badEdits) < 50 {
		t.Fatalf("the bad-input corpus has %d cases, want at least 50", len(badEdits))
	}
	for _, c := range badEdits {
		t.Run(c.name, func(t *testing.T) {
			data := strings.Replace(string(base), c.old, c.new, 1)
			if data == string(base) {
				t.Fatalf("edit %q did not apply", c.old)
			}
			_, err := Load([]byte(data), "bad.yaml")
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("want *InvalidError, got %v", err)
			}
			p, ok := find(inv.Problems, c.path)
			if !ok {
				t.Fatalf("no problem at %s:\n%v", c.path, inv)
			}
			if !strings.Contains(p.Message, c.want) {
				t.Errorf("%s: %q does not say %q", c.path, p.Message, c.want)
			}
			if p.Line == 0 {
				t.Errorf("%s has no line", c.path)
			}
			if c.name == "duplicate key" && len(inv.Problems) != 1 {
				t.Errorf("a repeated key must not bring follow-on problems: %v", inv)
			}
		})
	}
}

func TestBrokenFilesAreRefusedWithAReason(t *testing.T) {
	cases := map[string]struct{ data, want string }{
		"empty":            {"", "empty"},
		"only a comment":   {"# nothing\n", "empty"},
		"binary garbage":   {"\x00\x01\x02PK\x03\x04", "binary"},
		"not YAML":         {"apiVersion: [unclosed", "not valid YAML"},
		"a list":           {"- a\n- b\n", "must be a mapping"},
		"two documents":    {"apiVersion: almwiz/v1\n---\nkind: x\n", "more than one YAML document"},
		"huge":             {"metadata:\n  description: " + strings.Repeat("x", MaxFileSize) + "\n", "larger than"},
		"deeply nested":    {"metadata: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000), "depth"},
		"nested lists":     {"tenants:\n  a:\n    holds: [[[[x]]]]\n", "expected a single value"},
		"tabs":             {"apiVersion: almwiz/v1\n\tkind: x\n", "not valid YAML"},
		"JSON of a string": {`"just a string"`, "must be a mapping"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load([]byte(c.data), "broken.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want an error saying %q, got %v", c.want, err)
			}
		})
	}
}
