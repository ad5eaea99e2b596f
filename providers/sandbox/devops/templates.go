package devops

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"time"
)

// templatesRepository is the source of the ALM Accelerator pipeline templates.
const templatesRepository = "https://github.com/microsoft/coe-alm-accelerator-templates"

// templateRelease is a release tag of the templates repository.
type templateRelease struct {
	name      string // under refs/tags/
	annotated bool
	date      time.Time
}

// templateReleases are the release tags the sandbox's copy of the templates
// repository holds; its default branch main is a commit past the last one,
// as the real main has moved on since March 2024. The real import brings
// the default branch and every tag (and nothing else can be asked of it).
// Whether the real release tags are annotated is not visible from the
// public sources at hand; March2024 is modelled annotated so that a client
// must peel it (annotatedtags API, or refs?peelTags=true) to find its
// commit, and October2023 lightweight so that it must cope with both.
var templateReleases = []templateRelease{
	{"CenterofExcellenceALMAccelerator-October2023", false, time.Date(2023, 10, 4, 0, 0, 0, 0, time.UTC)},
	{"CenterofExcellenceALMAccelerator-March2024", true, time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
}

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

// annotatedTag is a tag object: its own id, and the commit it tags.
type annotatedTag struct {
	ObjectID string    `json:"objectId"`
	Name     string    `json:"name"`
	Commit   string    `json:"commit"`
	Message  string    `json:"message"`
	Date     time.Time `json:"date"`
}

// isTemplatesRepository reports whether url names the templates repository,
// with or without .git or a trailing slash.
func isTemplatesRepository(url string) bool {
	u := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(url), "/"), ".git")
	return u == templatesRepository
}

// sourceObject is the id of a Git object of the templates repository. An
// import keeps the source's object ids, so every copy has the same ones.
func sourceObject(kind, name string) string {
	sum := sha1.Sum([]byte(templatesRepository + " " + kind + " " + name))
	return hex.EncodeToString(sum[:])
}

// fillWithTemplates gives repo what an import of the templates repository
// brings: the stand-in files of the default branch, main at its head, and
// every release tag.
func fillWithTemplates(repo *repository, creator identityRef) {
	head := sourceObject("commit", "main")
	repo.Files = map[string]string{}
	for _, p := range templatePaths {
		repo.Files[p] = "# Sandbox stand-in for " + p + " from " + templatesRepository +
			" (default branch, commit " + head + ").\n# Not the real ALM Accelerator template.\n"
	}
	repo.CommitID, repo.Commits, repo.Tags = head, []string{head}, nil
	repo.Refs = []gitRef{{Name: "refs/heads/main", ObjectID: head, Creator: creator}}
	for _, rel := range templateReleases {
		commit := sourceObject("commit", rel.name)
		repo.Commits = append(repo.Commits, commit)
		id := commit
		if rel.annotated {
			id = sourceObject("tag", rel.name)
			repo.Tags = append(repo.Tags, annotatedTag{ObjectID: id, Name: rel.name, Commit: commit, Date: rel.date,
				Message: "ALM Accelerator for Power Platform release " + rel.name})
		}
		repo.Refs = append(repo.Refs, gitRef{Name: "refs/tags/" + rel.name, ObjectID: id, Creator: creator})
	}
	repo.DefaultBranch = "refs/heads/main"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
