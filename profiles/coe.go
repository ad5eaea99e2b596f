package profiles

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// CoEImport is the outcome of converting a CoE CLI install configuration.
type CoEImport struct {
	Profile  *Profile
	Warnings []string  // what was changed, ignored or guessed, in plain words
	Problems []Problem // what is still missing or wrong; empty when the profile validates
}

// CoEOptions supplies what a CoE CLI file cannot say.
type CoEOptions struct {
	TenantDomain string // the CoE CLI used the Azure CLI's signed-in tenant
	Name         string // profile name; derived from the organization when empty
}

// coeConfig is the part of `coe alm generate install` output that almwiz reads.
type coeConfig struct {
	raw      map[string]any
	warnings []string
}

// ImportCoE converts an install configuration written by the CoE CLI
// (`coe alm generate install`) into a profile. Unknown or contradictory
// values become warnings; nothing is dropped silently.
func ImportCoE(data []byte, opts CoEOptions) (*CoEImport, error) {
	c, err := parseCoE(data)
	if err != nil {
		return nil, err
	}
	p := New("", TenantEnterprise, DevOpsOneToOne)
	p.Cloud = c.cloud()
	p.Tenants = Tenants{{Name: "main", Domain: opts.TenantDomain, Holds: []string{"entra", "devops", "powerplatform"}}}
	if opts.TenantDomain == "" {
		c.warn("tenant: the CoE CLI used the Azure CLI's signed-in tenant and does not record it; pass --tenant <domain>, e.g. --tenant contoso.onmicrosoft.com")
	}
	p.Identity.Tenant = "main"
	c.identity(p)
	c.organization(p)
	region := c.region()
	c.environments(p, region)
	c.solution(p)
	c.notes()
	p.Metadata.Name = opts.Name
	if p.Metadata.Name == "" {
		p.Metadata.Name = derivedName(p)
	}
	p.Metadata.Description = "Imported from a CoE CLI install configuration"
	imp := &CoEImport{Profile: p, Warnings: c.warnings}
	if err := p.Validate(); err != nil {
		imp.Problems = err.(*InvalidError).Problems
	}
	RedactProfile(p) // the draft written out never holds a credential the file had
	return imp, nil
}

func parseCoE(data []byte) (*coeConfig, error) {
	bad := func(msg string) error {
		return &InvalidError{Source: "CoE CLI file", Problems: []Problem{{Message: msg}}}
	}
	if len(data) > MaxFileSize {
		return nil, bad("the file is larger than 1 MiB; a CoE CLI install configuration is a few hundred bytes")
	}
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		return nil, bad("this is a CoE CLI run file (`coe run -f`: a list of commands), not an install configuration; create one with `coe alm generate install -o install.json`, or start from a preset: almwiz wizard")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, bad("not valid JSON: " + err.Error())
	}
	if dec.More() {
		return nil, bad("the file holds more than one JSON value")
	}
	if _, maker := raw["user"]; maker {
		return nil, bad("this is a CoE CLI maker configuration (`coe alm generate maker add`), which adds one maker to an existing installation; almwiz imports install configurations (`coe alm generate install`)")
	}
	if v, early := raw["devopsOrg"]; early {
		if _, both := raw["devOpsOrganization"]; !both {
			raw["devOpsOrganization"] = v
		}
		delete(raw, "devopsOrg")
	}
	if _, ok := raw["devOpsOrganization"]; !ok {
		return nil, bad(`not a CoE CLI install configuration: it has no "devOpsOrganization"`)
	}
	c := &coeConfig{raw: raw}
	for _, k := range repeatedKeys(trimmed) {
		c.warn("%s: given twice; the last value is used, as the CoE CLI did", k)
	}
	return c, nil
}

func (c *coeConfig) warn(format string, args ...any) {
	c.warnings = append(c.warnings, SafeText(fmt.Sprintf(format, args...)))
}

func (c *coeConfig) settings() map[string]any {
	s, ok := c.raw["settings"].(map[string]any)
	if !ok && c.raw["settings"] != nil {
		c.warn("settings: expected a mapping of settings, found %v; its values (validation, test, prod, region…) are ignored", c.raw["settings"])
		c.raw["settings"] = nil // warn once
	}
	return s
}

// str reads a string at key of m, warning when it has another type.
func (c *coeConfig) str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case []any:
		if len(v) > 0 {
			if s, ok := v[0].(string); ok {
				if len(v) > 1 {
					c.warn("%s: several values given; using the first, %q", key, s)
				}
				return strings.TrimSpace(s)
			}
		}
	}
	c.warn("%s: expected text, found %v; ignored", key, m[key])
	return ""
}

func (c *coeConfig) cloud() string {
	clouds := map[string]string{"prod": "public", "usgov": "usgov", "usgovhigh": "usgov-high", "dod": "dod", "china": "china"}
	endpoint := strings.ToLower(c.str(c.raw, "endpoint"))
	cloud, ok := clouds[endpoint]
	switch {
	case endpoint == "":
		cloud = "public"
	case !ok:
		c.warn("endpoint %q is a Microsoft-internal ring almwiz does not target; using the public cloud", endpoint)
		cloud = "public"
	}
	switch setting := strings.ToLower(c.str(c.settings(), "cloud")); setting {
	case "", "public":
		if cloud != "public" && setting == "public" {
			c.warn("settings.cloud Public contradicts endpoint %q; using %s", endpoint, cloud)
		}
	case "usgov":
		if !strings.HasPrefix(cloud, "usgov") && cloud != "dod" {
			c.warn("settings.cloud USGov contradicts endpoint %q; using usgov — check the cloud in the profile", endpoint)
			cloud = "usgov"
		}
	case "german":
		c.warn("settings.cloud German: Microsoft Cloud Deutschland has closed; using %s", cloud)
	case "china":
		cloud = "china"
	default:
		c.warn("settings.cloud %q is unknown; using %s", setting, cloud)
	}
	return cloud
}

func (c *coeConfig) identity(p *Profile) {
	if v := c.str(c.raw, "aad"); v != "" {
		p.Identity.AppRegistration = v
	}
	if v := c.str(c.raw, "group"); v != "" {
		p.Identity.MakersGroup = v
	}
	if v := c.str(c.settings(), "role"); v != "" {
		p.Options.AppUserRole = v
	}
	v, ok := c.settings()["createSecret"]
	if !ok {
		v = c.settings()["createsecret"]
	}
	switch fmt.Sprint(v) {
	case "<nil>", "true":
	case "false":
		c.warn("settings.createSecret false: the pipeline templates need a client secret in their service connections, so almwiz creates one secret (and never more) and hands it to every consumer")
	default:
		c.warn("settings.createSecret %v is neither true nor false; almwiz creates one client secret", v)
	}
}

var orgNameOnly = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

func (c *coeConfig) organization(p *Profile) {
	org := c.str(c.raw, "devOpsOrganization")
	orgURL := org
	if orgNameOnly.MatchString(org) {
		orgURL = "https://dev.azure.com/" + org
	}
	project := c.str(c.raw, "project")
	if project == "" {
		project = "alm-sandbox"
		c.warn("project: not given; using the CoE CLI's default, alm-sandbox")
	}
	if pp := c.str(c.raw, "pipelineProject"); pp != "" && !strings.EqualFold(pp, project) {
		c.warn("pipelineProject %q differs from project %q: almwiz installs the templates and core pipelines into %q (with templates elsewhere, turn off \"Limit job authorization scope to current project\")", pp, project, project)
	}
	pr := NewProject(project, false)
	if repo := c.str(c.raw, "pipelineRepository"); repo != "" {
		pr.PipelineRepository = repo
	}
	if repo := c.str(c.raw, "repository"); repo != "" && repo != pr.PipelineRepository {
		c.warn("repository %q (the solution repository) is not used by the install; makers' solution pipelines create their branches later", repo)
	}
	p.DevOps.Organizations = []Organization{{URL: orgURL, Tenant: "main", Projects: []Project{pr}}}
}

func (c *coeConfig) region() string {
	r := strings.ToUpper(c.str(c.settings(), "region"))
	if r == "" {
		return "NAM"
	}
	if r == "DEU" {
		c.warn("settings.region DEU: Microsoft Cloud Deutschland has closed; bare environment names are read as NAM")
		return "NAM"
	}
	return r
}

var coePurposes = []struct{ key, name string }{{"validation", "validation"}, {"test", "test"}, {"prod", "production"}}

func (c *coeConfig) environments(p *Profile, region string) {
	cloud := Clouds[p.Cloud]
	add := func(name, value string) {
		if strings.HasPrefix(value, "yourenvironment-") || strings.Contains(value, "yourorg") {
			c.warn("%s: %q is the CoE CLI's placeholder, not an environment; set environments.%s.url", name, value, name)
			value = ""
		}
		p.Environments = append(p.Environments, Environment{Name: name, Tenant: "main", URL: environmentURL(value, cloud, region)})
	}
	switch v := c.raw["environments"].(type) {
	case nil:
		c.warn("environments: no host environment given (the environment that receives the ALM Accelerator app); set environments.host.url")
		add("host", "")
	case string:
		if strings.Contains(v, "=") {
			c.mapEnvironments(p, parsePairs(v), add)
		} else {
			add("host", v)
		}
	case map[string]any:
		c.mapEnvironments(p, v, add)
	default:
		c.warn("environments: expected text or a mapping, found %v", v)
		add("host", "")
	}
	c.deploymentEnvironments(p, add)
}

func (c *coeConfig) mapEnvironments(p *Profile, m map[string]any, add func(string, string)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	c.warn("environments: a mapping of %s (an early CoE CLI format) is read as deployment environments; set environments.host.url to the environment that receives the app", strings.Join(keys, ", "))
	add("host", "")
	settings := c.settings()
	if settings == nil {
		settings = map[string]any{}
		c.raw["settings"] = settings
	}
	for _, k := range keys {
		if _, given := settings[k]; !given {
			settings[k] = m[k]
		}
	}
}

func (c *coeConfig) deploymentEnvironments(p *Profile, add func(string, string)) {
	install := c.installEnvironments()
	for _, e := range coePurposes {
		v := c.str(c.settings(), e.key)
		if v == "" && !install[e.key] {
			continue
		}
		if v == "" {
			c.warn("settings.installEnvironments names %s but settings.%s is not given; set environments.%s.url", e.key, e.key, e.name)
		}
		add(e.name, v)
	}
	if len(install) > 0 && len(install) < len(coePurposes) {
		var names []string
		for _, e := range coePurposes {
			if install[e.key] {
				names = append(names, e.name)
			}
		}
		p.DevOps.Organizations[0].Projects[0].Environments = names
	}
}

func (c *coeConfig) installEnvironments() map[string]bool {
	out := map[string]bool{}
	switch v := c.settings()["installEnvironments"].(type) {
	case nil:
		return out
	case string:
		c.warn("settings.installEnvironments is text %q, which the CoE CLI silently ignored; almwiz reads it as a list", v)
		for _, s := range strings.Split(v, ",") {
			out[strings.TrimSpace(s)] = true
		}
	case []any:
		for _, s := range v {
			out[fmt.Sprint(s)] = true
		}
	default:
		c.warn("settings.installEnvironments: expected a list such as [validation, test, prod], found %v; ignored", v)
	}
	for k := range out {
		if k != "validation" && k != "test" && k != "prod" {
			c.warn("settings.installEnvironments: %q is not validation, test or prod; ignored", k)
			delete(out, k)
		}
	}
	return out
}

func (c *coeConfig) solution(p *Profile) {
	s := c.settings()
	file := c.str(s, "installFile")
	switch {
	case file == "":
	case strings.HasPrefix(file, "https://"):
		p.Solution = Solution{Source: "url", URL: file}
	default:
		p.Solution = Solution{Source: "file", File: file}
	}
	if src := c.str(s, "installSource"); src != "" && src != "coe" {
		c.warn("settings.installSource %q: almwiz installs the CoE Starter Kit release; set solution.url for another source", src)
	}
	if asset := c.str(s, "installAsset"); asset != "" && !strings.Contains(asset, "CenterofExcellenceALMAccelerator") {
		c.warn("settings.installAsset %q: almwiz installs the CenterofExcellenceALMAccelerator asset; set solution.url for another one", asset)
	}
}

// notes warns about the keys almwiz reads differently or not at all.
func (c *coeConfig) notes() {
	known := map[string]string{
		"devOpsOrganization": "", "project": "", "repository": "", "pipelineProject": "", "pipelineRepository": "",
		"aad": "", "group": "", "environments": "", "settings": "", "endpoint": "", "$schema": "",
		"log":          "log: almwiz has no log levels; use --debug for a redacted request log",
		"components":   "components: almwiz installs everything in the profile; an admin team applies parts with --scope entra, devops or powerplatform",
		"importMethod": "importMethod: almwiz always imports through the Dataverse API, asynchronously, with progress",
		"subscription": "subscription: almwiz does not use Azure subscriptions; it signs in to each tenant itself",
		"environment":  "environment: a single maker environment; add it under environments with purpose: development",
	}
	for k := range c.raw {
		msg, ok := known[k]
		switch {
		case !ok:
			c.warn("%s: not a CoE CLI install setting; ignored", k)
		case msg != "" && !(k == "components" && fmt.Sprint(c.raw[k]) == "[all]") && !(k == "importMethod" && c.raw[k] == "api"):
			c.warn("%s", msg)
		}
	}
	settingsKnown := "installEnvironments validation test prod createSecret createsecret installFile installSource installAsset region cloud role"
	for k := range c.settings() {
		if !strings.Contains(" "+settingsKnown+" ", " "+k+" ") {
			c.warn("settings.%s: not a CoE CLI install setting; ignored", k)
		}
	}
	sort.Strings(c.warnings)
}

// environmentURL turns a CoE CLI environment (a URL or a bare name) into a
// Dataverse URL with a trailing slash.
func environmentURL(v string, cloud Cloud, region string) string {
	if v == "" {
		return ""
	}
	if u, err := url.Parse(v); err == nil && u.Scheme != "" {
		return strings.TrimSuffix(v, "/") + "/"
	}
	suffix, ok := cloud.DataverseSuffixes[region]
	if !ok {
		suffix = ".crm.dynamics.com"
	}
	return "https://" + strings.ToLower(v) + suffix + "/"
}

func parsePairs(s string) map[string]any {
	out := map[string]any{}
	for _, pair := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(pair, "=")
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

func derivedName(p *Profile) string {
	name, _ := OrganizationName(p.DevOps.Organizations[0].URL)
	name = strings.ToLower(name)
	if !profileName.MatchString(name) {
		return "imported"
	}
	return name
}

// repeatedKeys lists the object keys given twice in a JSON document; Go's
// decoder silently keeps the last value, as the CoE CLI (JavaScript) did.
func repeatedKeys(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	var walk func(path string) bool
	walk = func(path string) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return false
				}
				key, _ := kt.(string)
				if seen[key] {
					out = append(out, strings.TrimPrefix(path+"."+key, "."))
				}
				seen[key] = true
				if !walk(path + "." + key) {
					return false
				}
			}
			_, err = dec.Token()
			return err == nil
		case json.Delim('['):
			for dec.More() {
				if !walk(path) {
					return false
				}
			}
			_, err = dec.Token()
			return err == nil
		}
		return true
	}
	walk("")
	return out
}
