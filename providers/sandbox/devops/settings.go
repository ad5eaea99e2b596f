package devops

import (
	"net/http"
	"strings"
)

// organizationSettings are organization-level pipeline settings.
// EnforceJobAuthScope is "Limit job authorization scope to current project
// for non-release pipelines"; new organizations have it on.
type organizationSettings struct {
	EnforceJobAuthScope            bool `json:"enforceJobAuthScope"`
	EnforceJobAuthScopeForReleases bool `json:"enforceJobAuthScopeForReleases"`
}

// projectConfig holds a project's own pipeline settings (build generalSettings).
type projectConfig struct {
	EnforceJobAuthScope            bool `json:"enforceJobAuthScope"`
	EnforceJobAuthScopeForReleases bool `json:"enforceJobAuthScopeForReleases"`
	EnforceReferencedRepoScopedTok bool `json:"enforceReferencedRepoScopedToken"`
	PublishPipelineMetadata        bool `json:"publishPipelineMetadata"`
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

// generalSettingsJSON is the effective project setting: an organization
// setting that is on forces the project's on, as in the real service.
func (q *request) generalSettingsJSON(c *projectConfig) map[string]any {
	return map[string]any{
		"enforceJobAuthScope":              c.EnforceJobAuthScope || q.org.Settings.EnforceJobAuthScope,
		"enforceJobAuthScopeForReleases":   c.EnforceJobAuthScopeForReleases || q.org.Settings.EnforceJobAuthScopeForReleases,
		"enforceReferencedRepoScopedToken": c.EnforceReferencedRepoScopedTok,
		"publishPipelineMetadata":          c.PublishPipelineMetadata,
		"statusBadgesArePrivate":           true, "enforceSettableVar": true,
	}
}

func (q *request) projectConfig(p *project) *projectConfig {
	c := q.org.ProjectConfig[p.ID]
	if c == nil {
		c = &projectConfig{}
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
