package sandbox

import "almwiz/providers/sandbox/devops"

// SetOrganizationPipelineSettings stands in for a Project Collection
// Administrator who changes an organization's pipeline settings in the
// portal, as the real service has no REST route for them: "Limit job
// authorization scope to current project" and "Protect access to
// repositories in YAML pipelines".
func (s *Server) SetOrganizationPipelineSettings(org string, limitJobScope, protectRepositories bool) {
	for _, svc := range s.services {
		if d, ok := svc.(*devops.Service); ok {
			d.SetJobAuthorizationScope(org, limitJobScope)
			d.SetRepositoryProtection(org, protectRepositories)
		}
	}
}
