package devops

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
)

// templatesRepository is the source of the ALM Accelerator pipeline templates.
const templatesRepository = "https://github.com/microsoft/coe-alm-accelerator-templates"

// templatesReleaseTag is the last template release, matching solution 1.0.20240305.1.
const templatesReleaseTag = "refs/tags/CenterofExcellenceALMAccelerator-March2024"

// templatePaths are the files an import of the templates repository creates.
// Their content is a stand-in, never Microsoft's templates.
var templatePaths = []string{
	"/Pipelines/export-solution-to-git.yml",
	"/Pipelines/import-unmanaged-to-dev-environment.yml",
	"/Pipelines/delete-unmanaged-solution-and-components.yml",
	"/Pipelines/sync-pipeline-repo.yml",
	"/Pipelines/Templates/build-Solution.yml",
	"/Pipelines/Templates/deploy-Solution.yml",
	"/Pipelines/Templates/export-Solution.yml",
	"/Pipelines/Templates/import-unmanaged-to-dev-environment.yml",
}

// isTemplatesRepository reports whether url names the templates repository,
// with or without .git or a trailing slash.
func isTemplatesRepository(url string) bool {
	u := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(url), "/"), ".git")
	return u == templatesRepository
}

// fillWithTemplates gives repo the stand-in files, a main branch, the last
// release tag and, when one was requested, the tag or branch ref.
func fillWithTemplates(repo *repository, ref string, creator identityRef) {
	commit := randomCommit()
	repo.Files = map[string]string{}
	for _, p := range templatePaths {
		repo.Files[p] = "# Sandbox stand-in for " + p + " from " + templatesRepository +
			" (ref " + orDefault(ref, "default branch") + ").\n# Not the real ALM Accelerator template.\n"
	}
	repo.CommitID = commit
	repo.Refs = []gitRef{{"refs/heads/main", commit, creator}, {templatesReleaseTag, commit, creator}}
	if ref != "" {
		name := ref
		if !strings.HasPrefix(name, "refs/") {
			name = "refs/tags/" + name
		}
		if !slices.ContainsFunc(repo.Refs, func(r gitRef) bool { return r.Name == name }) {
			repo.Refs = append(repo.Refs, gitRef{name, commit, creator})
		}
	}
	repo.DefaultBranch = "refs/heads/main"
}

func randomCommit() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
