package steps

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// mainBranch is the default branch the generated pipelines hard-code.
const mainBranch = "refs/heads/main"

// repositoryStep makes the pipelines repository and fills it with the
// pipeline templates at the pinned tag, only while it is empty. The import
// request's id is recorded before waiting, so a resumed run re-attaches.
type repositoryStep struct {
	projectScoped
	name   string // the repository, e.g. pipelines
	source string // the templates' Git URL
	ref    string // the tag imported
}

func (b *build) repositoryStep(o profiles.Organization, pr profiles.Project) Step {
	spec := map[string]string{"name": pr.PipelineRepository, "source": pr.Templates.Repository, "ref": pr.Templates.Ref}
	title := "Template import into " + pr.PipelineRepository
	if !profiles.IsMicrosoftTemplates(pr.Templates.Repository) {
		// Not Microsoft's code: the progress names where it comes from.
		title += " from " + pr.Templates.Repository + " @ " + pr.Templates.Ref
	}
	return &repositoryStep{
		projectScoped: b.newProjectScoped(o, pr, []string{"repository"}, title, roleProjectAdmin, spec),
		name:          pr.PipelineRepository, source: pr.Templates.Repository, ref: pr.Templates.Ref,
	}
}

// Observe finds the repository; it matches once it holds the templates'
// tag and main is its default branch.
func (s *repositoryStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	pid := s.projectID(env)
	repo, err := c.FindRepository(ctx, pid, s.name)
	if err != nil || repo == nil {
		return Observation{Detail: "repository " + s.name + " does not exist"}, err
	}
	obs := Observation{Exists: true, Link: s.link(), Outputs: map[string]string{OutRepositoryID: repo.ID}}
	imported, err := c.HasRef(ctx, pid, repo.ID, s.ref)
	if err != nil {
		return Observation{}, err
	}
	obs.Matches = imported && repo.DefaultBranch == mainBranch && env.Operation() == ""
	if !obs.Matches {
		obs.Detail = fmt.Sprintf("repository %s: templates %s imported %t, default branch %q", s.name, s.ref, imported, repo.DefaultBranch)
	}
	return obs, nil
}

// Apply ensures the repository, imports the templates into it when it is
// empty, makes main its default branch and, after an import, points main at
// the pinned tag: the import brings the source's default branch as main,
// which has moved on since the release.
func (s *repositoryStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	pid := s.projectID(env)
	var w devopsWrites
	repo, o, err := c.EnsureRepository(ctx, pid, s.name)
	if w.note(o, err) != nil {
		return Outcome{}, err
	}
	env.SetOutput(OutRepositoryID, repo.ID)
	imported, err := s.importTemplates(ctx, env, c, pid, repo.ID, &w)
	if err != nil {
		return Outcome{}, err
	}
	if err := w.note(c.EnsureDefaultBranch(ctx, pid, repo.ID, mainBranch)); err != nil {
		return Outcome{}, err
	}
	if err := s.pinRef(ctx, env, c, pid, repo.ID, imported, &w); err != nil {
		return Outcome{}, err
	}
	out := w.outcome(s.link())
	if o == devops.Created {
		out.Result = ResultCreated
	}
	return out, nil
}

// importTemplates starts the import (or re-attaches to the recorded one)
// and waits for it; it reports whether an import filled the repository.
func (s *repositoryStep) importTemplates(ctx context.Context, env *Env, c *devops.Client, pid, repoID string, w *devopsWrites) (bool, error) {
	id, err := strconv.Atoi(env.Operation())
	if err == nil {
		env.Progress("re-attaching to import request " + env.Operation())
	} else {
		var o devops.Outcome
		id, o, err = c.ImportTemplates(ctx, pid, repoID, s.source)
		if w.note(o, err) != nil {
			return false, err
		}
		if id != 0 {
			if err := env.RecordOperation(strconv.Itoa(id)); err != nil {
				return false, err
			}
		}
	}
	return id != 0, c.WaitImport(ctx, pid, repoID, id, env.Progress)
}

// pinRef points main at the tag's commit after an import. A repository
// that already had content keeps its main (someone may have moved it on
// on purpose, e.g. the sync-pipeline-repo pipeline); almwiz then only says
// where main is.
func (s *repositoryStep) pinRef(ctx context.Context, env *Env, c *devops.Client, pid, repoID string, imported bool, w *devopsWrites) error {
	if s.ref == "" {
		return nil
	}
	if imported {
		o, err := c.PinBranchToTag(ctx, pid, repoID, mainBranch, s.ref)
		if err == nil && o == devops.Updated {
			env.Progress("main now points at " + s.ref + " (the import brought the source's default branch)")
		}
		return w.note(o, err)
	}
	at, err := c.CheckTemplateRef(ctx, pid, repoID, mainBranch, s.ref)
	if err == nil && !at {
		env.Progress("main is not at " + s.ref + ": the repository had content already, so almwiz leaves main where it is; the pipelines run main")
	}
	return err
}

// ProveOwnership leaves a repository of a project almwiz did not create in
// place: a Git repository has no field to carry a mark (git 7.1
// GitRepositoryCreateOptions: name, project, parentRepository). In a project
// almwiz created the project's deletion takes it, proven with the project.
func (s *repositoryStep) ProveOwnership(_ context.Context, env *Env) error {
	if s.removedWithProject(env) || env.Output(OutRepositoryID) == "" {
		return nil
	}
	return &UnprovableError{What: fmt.Sprintf("repository %s in project %s", s.name, s.projectName),
		Why: "a Git repository keeps no description or other field almwiz could mark; delete it under Project settings → Repositories"}
}

// Destroy deletes the repository, unless the project's deletion takes it.
func (s *repositoryStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutRepositoryID)
	if s.removedWithProject(env) || id == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	return c.DeleteRepository(ctx, s.projectID(env), id)
}

func (s *repositoryStep) link() string {
	return s.orgURL + "/" + url.PathEscape(s.projectName) + "/_git/" + url.PathEscape(s.name)
}
