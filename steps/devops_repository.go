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
// tag, main is its default branch, and main is not simply an older release
// than the pinned one (apply moves such a main forward, see pinRef). A main
// with commits of its own matches: apply leaves it, and doctor's Diagnose
// says what that means.
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
	pos, err := s.position(ctx, c, pid, repo.ID)
	if err != nil {
		return Observation{}, err
	}
	switch {
	case !pos.Imported || repo.DefaultBranch != mainBranch || env.Operation() != "":
		obs.Detail = fmt.Sprintf("repository %s: templates %s imported %t, default branch %q", s.name, s.ref, pos.Imported, repo.DefaultBranch)
	case s.behind(pos):
		obs.Detail = fmt.Sprintf("main of repository %s is at the older release %s, not %s: the makers' pipelines run %s's templates. "+
			"main has no commits of its own, so almwiz apply moves it forward to %s", s.name, pos.AtTag, s.ref, pos.AtTag, s.ref)
	default:
		obs.Matches = true
	}
	return obs, nil
}

// position is where main stands against the pinned tag; with no tag
// pinned, any imported content counts as the templates.
func (s *repositoryStep) position(ctx context.Context, c *devops.Client, pid, repoID string) (devops.TemplatePosition, error) {
	if s.ref == "" {
		has, err := c.HasRef(ctx, pid, repoID, "")
		return devops.TemplatePosition{Imported: has}, err
	}
	return c.TemplatePosition(ctx, pid, repoID, mainBranch, s.ref)
}

// behind says main is exactly at a release older than the pinned one. The
// accelerator's releases are tagged on one linear main
// (microsoft/coe-alm-accelerator-templates releases), so moving main from
// an older release to the pinned one is a fast-forward that loses nothing.
func (s *repositoryStep) behind(pos devops.TemplatePosition) bool {
	return pos.Imported && !pos.Pinned() && pos.AtTag != "" && devops.ReleaseOlder(pos.AtTag, s.ref)
}

// syncPipelineGuide is Microsoft's guide to bringing the templates
// repository up to a release with the sync-pipeline-repo pipeline.
const syncPipelineGuide = "https://learn.microsoft.com/power-platform/guidance/alm-accelerator/setup-pipeline-sync"

// Diagnose, for doctor: main not at the pinned tag's commit, with commits
// of its own or at another release, puts the makers' pipelines at risk —
// they run whatever main holds, not the templates of the installed
// release (the issue tracker's "templates behind the solution"). almwiz
// never moves such a main; a project administrator syncs it.
func (s *repositoryStep) Diagnose(ctx context.Context, env *Env, obs Observation, _ CheckOptions) (Diagnosis, error) {
	if s.ref == "" || !obs.Matches {
		return Diagnosis{}, nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return Diagnosis{}, err
	}
	pos, err := c.TemplatePosition(ctx, s.projectID(env), obs.Outputs[OutRepositoryID], mainBranch, s.ref)
	if err != nil || pos.Pinned() {
		return Diagnosis{}, err
	}
	if devops.ReleaseOlder(s.ref, pos.AtTag) {
		// Someone moved main on to a later release (the sync pipeline does);
		// the profile is what is behind.
		return Diagnosis{Health: HealthAtRisk,
			Detail: fmt.Sprintf("main of repository %s is at the newer release %s, but the profile pins %s: the makers' pipelines run "+
				"%s's templates, which need that release's solution", s.name, pos.AtTag, s.ref, pos.AtTag),
			Fix: "if the upgrade was meant, a project administrator sets templates.ref to " + pos.AtTag +
				" in the profile with the matching solution version, then runs almwiz apply; else brings main back with the sync-pipeline-repo pipeline: " + syncPipelineGuide,
		}, nil
	}
	where := "has commits of its own (commit " + short(pos.At) + ")"
	if pos.AtTag != "" {
		where = "is at tag " + pos.AtTag
	}
	return Diagnosis{Health: HealthAtRisk,
		Detail: fmt.Sprintf("main of repository %s %s, not at %s: the makers' pipelines run those templates, which may not match "+
			"the installed solution; almwiz leaves a main that is not simply an older release", s.name, where, s.ref),
		Fix: "a project administrator brings main to " + s.ref + " with the sync-pipeline-repo pipeline, keeping your own changes: " + syncPipelineGuide,
	}, nil
}

func short(commit string) string { return commit[:min(len(commit), 8)] }

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

// pinRef points main at the tag's commit after an import, or when main is
// exactly at an older release (a fast-forward, see behind). A repository
// whose main has commits of its own keeps it (someone may have customised
// the templates, or moved main on with the sync-pipeline-repo pipeline);
// almwiz then only says where main is. The ref update is conditional on
// main's current commit, so a push in between makes it fail, not vanish.
func (s *repositoryStep) pinRef(ctx context.Context, env *Env, c *devops.Client, pid, repoID string, imported bool, w *devopsWrites) error {
	if s.ref == "" {
		return nil
	}
	why := "the import brought the source's default branch"
	if !imported {
		pos, err := c.TemplatePosition(ctx, pid, repoID, mainBranch, s.ref)
		if err != nil || pos.Pinned() {
			return err
		}
		if !s.behind(pos) {
			env.Progress("main is not at " + s.ref + ": it has commits of its own, so almwiz leaves main where it is; the pipelines run main")
			return nil
		}
		why = "it was at the older release " + pos.AtTag
	}
	o, err := c.PinBranchToTag(ctx, pid, repoID, mainBranch, s.ref)
	if err == nil && o == devops.Updated {
		env.Progress("main now points at " + s.ref + " (" + why + ")")
	}
	return w.note(o, err)
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
