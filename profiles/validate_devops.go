package profiles

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var (
	orgNameRE     = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,48}[A-Za-z0-9])?$`)
	extensionRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9-]*$`)
	devopsBadName = `\/:*?"<>|;#$*{},+=[]`
)

// DefaultExtensions are the Marketplace extensions the accelerator uses: the
// Power Platform Build Tools and Replace Tokens (required) and the SARIF
// viewer that shows solution-checker results (optional).
var DefaultExtensions = []string{"microsoft-IsvExpTools.PowerPlatform-BuildTools", "qetza.replacetokens", "sariftools.scans"}

// OrganizationName returns the organization named by an Azure DevOps URL
// (https://dev.azure.com/<org> or https://<org>.visualstudio.com).
func OrganizationName(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.RawQuery != "" || u.User != nil {
		return "", false
	}
	host := strings.ToLower(u.Host)
	path := strings.Trim(u.Path, "/")
	var name string
	switch {
	case host == "dev.azure.com" && path != "" && !strings.Contains(path, "/"):
		name = path
	case strings.HasSuffix(host, ".visualstudio.com") && path == "":
		name = strings.TrimSuffix(host, ".visualstudio.com")
	default:
		return "", false
	}
	return name, orgNameRE.MatchString(name)
}

func (p *Profile) checkDevOps(ps *problems) {
	if len(p.DevOps.Organizations) == 0 {
		ps.add("devops.organizations", "declare at least one Azure DevOps organization, e.g. url: https://dev.azure.com/contoso")
	}
	seen := map[string]int{}
	for i, o := range p.DevOps.Organizations {
		path := fmt.Sprintf("devops.organizations[%d]", i)
		name, ok := OrganizationName(o.URL)
		switch {
		case !ok:
			ps.add(path+".url", "%q is not an Azure DevOps organization URL — expected https://dev.azure.com/<org> or https://<org>.visualstudio.com", o.URL)
		case seen[strings.ToLower(name)] > 0:
			ps.add(path+".url", "organization %q is declared twice (also organizations[%d]); list its projects under one entry", name, seen[strings.ToLower(name)]-1)
		default:
			seen[strings.ToLower(name)] = i + 1
		}
		p.checkTenantRef(ps, path+".tenant", o.Tenant)
		for j, e := range o.Extensions {
			if !extensionRE.MatchString(e) {
				ps.add(fmt.Sprintf("%s.extensions[%d]", path, j), "%q is not an extension id — expected publisher.extension, e.g. qetza.replacetokens", e)
			}
		}
		p.checkProjects(ps, path, o.Projects)
	}
}

func (p *Profile) checkProjects(ps *problems, orgPath string, projects []Project) {
	if len(projects) == 0 {
		ps.add(orgPath+".projects", "declare the ALM project, e.g. - name: alm")
	}
	seen := map[string]bool{}
	for i, pr := range projects {
		path := fmt.Sprintf("%s.projects[%d]", orgPath, i)
		if msg := devopsNameProblem(pr.Name, 64); msg != "" {
			ps.add(path+".name", "%q %s", pr.Name, msg)
		} else if seen[strings.ToLower(pr.Name)] {
			ps.add(path+".name", "project %q is declared twice in this organization", pr.Name)
		}
		seen[strings.ToLower(pr.Name)] = true
		if msg := devopsNameProblem(pr.PipelineRepository, 64); msg != "" {
			ps.add(path+".pipelineRepository", "%q %s", pr.PipelineRepository, msg)
		}
		if u, err := url.Parse(pr.Templates.Repository); err != nil || u.Scheme != "https" || u.Host == "" {
			ps.add(path+".templates.repository", "%q is not an https Git URL, e.g. %s", pr.Templates.Repository, DefaultTemplateRepository)
		}
		if strings.TrimSpace(pr.Templates.Ref) == "" {
			ps.add(path+".templates.ref", "name the tag to import — %s matches solution %s", DefaultTemplateRef, DefaultSolutionVersion)
		}
		p.checkProjectEnvironments(ps, path, pr)
	}
}

func (p *Profile) checkProjectEnvironments(ps *problems, path string, pr Project) {
	if pr.Host != "" {
		if e, ok := p.Environments.Find(pr.Host); !ok || e.purpose() != PurposeHost {
			ps.add(path+".host", "%q is not a host environment declared under environments", pr.Host)
		}
	}
	for i, name := range pr.Environments {
		e, ok := p.Environments.Find(name)
		switch {
		case !ok:
			ps.add(fmt.Sprintf("%s.environments[%d]", path, i), "%q is not declared under environments", name)
		case e.purpose() == PurposeHost:
			ps.add(fmt.Sprintf("%s.environments[%d]", path, i), "%q is the host environment; pipelines deploy to development, validation, test and production environments", name)
		}
	}
}

// devopsNameProblem returns why name cannot name an Azure DevOps project or
// repository, or "".
func devopsNameProblem(name string, max int) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "is empty; a name is required"
	case len(name) > max:
		return fmt.Sprintf("is longer than %d characters", max)
	case strings.ContainsAny(name, devopsBadName):
		return "contains a character Azure DevOps does not allow in names (" + devopsBadName + ")"
	case strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "."):
		return "may not start with _ or . nor end with ."
	}
	return ""
}

func (m TenantModel) valid() bool {
	return m == TenantDemo || m == TenantEnterprise || m == TenantMultiTenant
}

func (m DevOpsModel) valid() bool {
	return m == DevOpsOneToOne || m == DevOpsOneToMany || m == DevOpsManyToMany
}
