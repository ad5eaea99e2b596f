package steps

import (
	"context"
	"fmt"
	"os"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// solutionStep imports a managed solution into a host environment
// asynchronously (ImportSolutionAsync), unless the same or a newer version
// is installed. The async operation's id is recorded before waiting, so a
// resumed run re-attaches to the import instead of starting a second one.
type solutionStep struct {
	ppStep
	uniqueName string
	version    string // the least version wanted; "" accepts any installed one
	zip        func(ctx context.Context, c *powerplatform.Client) ([]byte, error)
}

func (b *build) almSolutionStep(h profiles.Environment) Step {
	sol := b.p.Solution
	needs := []string{}
	if b.creatorKit() {
		needs = append(needs, IDHostStep(h.Name, "creator-kit"))
	}
	s := &solutionStep{uniqueName: powerplatform.SolutionALMAccelerator,
		ppStep: b.newPPStep(h, "alm-solution", "", sol, needs...)}
	switch sol.Source {
	case "url":
		s.title, s.zip = "ALM Accelerator solution from "+sol.URL, download(sol.URL)
	case "file":
		s.title, s.zip = "ALM Accelerator solution from "+sol.File, readFile(b.p.SolutionFile())
	default:
		s.version = sol.Version
		if s.version == "" {
			s.version = profiles.DefaultSolutionVersion
		}
		s.title = "ALM Accelerator solution " + s.version
		s.zip = releaseAsset(powerplatform.RepoCoEStarterKit, powerplatform.SolutionALMAccelerator, s.version)
	}
	return s
}

// releaseAsset fetches the solution zip of the newest release of repo
// with version, or of the latest release when version is "".
func releaseAsset(repo, solution, version string) func(context.Context, *powerplatform.Client) ([]byte, error) {
	return func(ctx context.Context, c *powerplatform.Client) ([]byte, error) {
		rel, err := c.ReleaseWithVersion(ctx, repo, solution, version)
		if err != nil {
			return nil, err
		}
		return c.Download(ctx, rel.Asset.URL)
	}
}

// download fetches a solution zip from a URL.
func download(u string) func(context.Context, *powerplatform.Client) ([]byte, error) {
	return func(ctx context.Context, c *powerplatform.Client) ([]byte, error) { return c.Download(ctx, u) }
}

// readFile reads a local solution zip.
func readFile(path string) func(context.Context, *powerplatform.Client) ([]byte, error) {
	return func(context.Context, *powerplatform.Client) ([]byte, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read the solution zip: %w", err)
		}
		return data, nil
	}
}

// Observe reads the installed solution's version; an import an earlier run
// started is left for Apply to re-attach to.
func (s *solutionStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Observation{}, err
	}
	sol, found, err := dv.Solution(ctx, s.uniqueName)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: found}
	switch {
	case env.Operation() != "":
		obs.Detail = "re-attaching to the import an earlier run started"
	case !found:
		obs.Detail = s.uniqueName + " is not installed"
	case s.version != "" && powerplatform.CompareVersions(sol.Version, s.version) < 0:
		obs.Detail = fmt.Sprintf("%s %s is installed, older than %s", s.uniqueName, sol.Version, s.version)
	default:
		obs.Matches = true
	}
	return obs, nil
}

// Apply re-attaches to a recorded import, or imports the zip.
func (s *solutionStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	dv, err := s.dataverse(env)
	if err != nil {
		return Outcome{}, err
	}
	if op := env.Operation(); op != "" {
		return Outcome{}, s.wait(ctx, env, dv, op)
	}
	env.Progress("downloading " + s.uniqueName)
	zip, err := s.zip(ctx, s.client())
	if err != nil {
		return Outcome{}, err
	}
	imp, err := dv.ImportSolution(ctx, zip, env.Progress)
	if err != nil {
		return Outcome{}, err
	}
	if imp.Skipped {
		return Outcome{Result: ResultUnchanged}, nil
	}
	if err := env.RecordOperation(imp.Operation()); err != nil {
		return Outcome{}, err
	}
	return Outcome{}, s.wait(ctx, env, dv, imp.Operation())
}

// wait follows the import. When it ends badly it is forgotten, so that the
// next attempt imports afresh; when the run is interrupted it is kept, so
// that resume re-attaches.
func (s *solutionStep) wait(ctx context.Context, env *Env, dv *powerplatform.Dataverse, id string) error {
	err := dv.WaitSolutionImport(ctx, id, func(status string) { env.Progress("importing " + s.uniqueName + "… " + status) })
	if err != nil && ctx.Err() == nil {
		_ = env.RecordOperation("")
	}
	return err
}

// Destroy leaves the solution installed: uninstalling the accelerator
// removes the makers' data with it, which is the admin's call.
func (s *solutionStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "solution "+s.uniqueName)
}
