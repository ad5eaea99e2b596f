package devops

import (
	"net/http"
	"strings"
)

// organizationSettings are organization-level pipeline settings.
// EnforceJobAuthScope is "Limit job authorization scope to current project
// for non-release pipelines"; EnforceReferencedRepoScopedToken is "Protect
// access to repositories in YAML pipelines". New organizations have both
// on: "Limit job authorization scope to referenced Azure DevOps
// repositories is enabled by default for new organizations and projects
// created after May 2020" (MicrosoftDocs/azure-devops-docs ·
// docs/pipelines/process/access-tokens.md; microsoft/coe-starter-kit issue
// #926 found it on in new organizations).
type organizationSettings struct {
	EnforceJobAuthScope              bool `json:"enforceJobAuthScope"`
	EnforceJobAuthScopeForReleases   bool `json:"enforceJobAuthScopeForReleases"`
	EnforceReferencedRepoScopedToken bool `json:"enforceReferencedRepoScopedToken"`
}

// projectConfig holds a project's own pipeline settings (build generalSettings).
type projectConfig struct {
	EnforceJobAuthScope            bool `json:"enforceJobAuthScope"`
	EnforceJobAuthScopeForReleases bool `json:"enforceJobAuthScopeForReleases"`
	EnforceReferencedRepoScopedTok bool `json:"enforceReferencedRepoScopedToken"`
	PublishPipelineMetadata        bool `json:"publishPipelineMetadata"`
}

// newProjectConfig is a new project's own settings: it protects access to
// its repositories, as new projects have since May 2020 (access-tokens.md,
// above).
func newProjectConfig() *projectConfig {
	return &projectConfig{EnforceReferencedRepoScopedTok: true}
}

func settingsRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "{project}/_apis/build/generalsettings", getGeneralSettings},
		{hostDevOps, http.MethodPatch, "{project}/_apis/build/generalsettings", updateGeneralSettings},
	}
}

// SetJobAuthorizationScope sets the organization setting "Limit job
// authorization scope to current project" (non-release and release), which
// the real service changes only through its web portal.
func (s *Service) SetJobAuthorizationScope(org string, limited bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.org(org)
	o.Settings.EnforceJobAuthScope, o.Settings.EnforceJobAuthScopeForReleases = limited, limited
}

// SetRepositoryProtection sets the organization setting "Protect access to
// repositories in YAML pipelines", which the real service changes only
// through its web portal.
func (s *Service) SetRepositoryProtection(org string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.org(org).Settings.EnforceReferencedRepoScopedToken = on
}

// generalSettingsJSON is the effective project setting: an organization
// setting that is on forces the project's on, as in the real service.
func (q *request) generalSettingsJSON(c *projectConfig) map[string]any {
	return map[string]any{
		"enforceJobAuthScope":              c.EnforceJobAuthScope || q.org.Settings.EnforceJobAuthScope,
		"enforceJobAuthScopeForReleases":   c.EnforceJobAuthScopeForReleases || q.org.Settings.EnforceJobAuthScopeForReleases,
		"enforceReferencedRepoScopedToken": c.EnforceReferencedRepoScopedTok || q.org.Settings.EnforceReferencedRepoScopedToken,
		"publishPipelineMetadata":          c.PublishPipelineMetadata,
		"statusBadgesArePrivate":           true, "enforceSettableVar": true,
	}
}

func (q *request) projectConfig(p *project) *projectConfig {
	c := q.org.ProjectConfig[p.ID]
	if c == nil {
		c = newProjectConfig()
		q.org.ProjectConfig[p.ID] = c
	}
	return c
}

func getGeneralSettings(q *request) {
	if p := q.projectParam(); p != nil {
		q.ok(q.generalSettingsJSON(q.projectConfig(p)))
	}
}

func updateGeneralSettings(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	var in map[string]bool
	if !q.decode(&in) {
		return
	}
	c := q.projectConfig(p)
	for k, v := range in {
		switch strings.ToLower(k) {
		case "enforcejobauthscope":
			c.EnforceJobAuthScope = v
		case "enforcejobauthscopeforreleases":
			c.EnforceJobAuthScopeForReleases = v
		case "enforcereferencedreposcopedtoken":
			c.EnforceReferencedRepoScopedTok = v
		case "publishpipelinemetadata":
			c.PublishPipelineMetadata = v
		}
	}
	q.ok(q.generalSettingsJSON(c))
}
