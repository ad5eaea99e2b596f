package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// outInstalled lists the extensions this installation installed (comma
// separated): the only ones Destroy uninstalls.
const outInstalled = "installedExtensions"

// extensionsStep installs an organization's Marketplace extensions: the
// Power Platform Build Tools and Replace Tokens the pipelines run, and the
// SARIF viewer for solution-checker results.
type extensionsStep struct {
	devopsStep
	extensions []string // publisher.extension
}

func (b *build) extensionsStep(o profiles.Organization) Step {
	exts := o.Extensions
	if len(exts) == 0 {
		exts = profiles.DefaultExtensions
	}
	title := fmt.Sprintf("Extensions (%d)", len(exts))
	return &extensionsStep{devopsStep: b.newDevOpsStep(o, IDExtensions(orgName(o)), title, roleCollectionAdmin, exts), extensions: exts}
}

// Observe checks each extension is installed.
func (s *extensionsStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	missing, err := s.missing(ctx)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: len(missing) == 0, Matches: len(missing) == 0, Link: s.link()}
	if len(missing) > 0 {
		obs.Detail = "to install: " + strings.Join(missing, ", ")
	}
	return obs, nil
}

// missing are the extensions not installed.
func (s *extensionsStep) missing(ctx context.Context) ([]string, error) {
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range s.extensions {
		publisher, name, _ := strings.Cut(e, ".")
		ok, err := c.ExtensionInstalled(ctx, publisher, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// Apply installs the missing extensions and remembers which it installed.
func (s *extensionsStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	var w devopsWrites
	installed := splitOutputList(env.Output(outInstalled))
	for _, e := range s.extensions {
		publisher, name, _ := strings.Cut(e, ".")
		o, err := c.EnsureExtension(ctx, publisher, name)
		if w.note(o, err) != nil {
			return Outcome{}, err
		}
		if o == devops.Created && !slices.Contains(installed, e) {
			env.Progress("installed " + e)
			installed = append(installed, e)
			env.SetOutput(outInstalled, strings.Join(installed, ","))
		}
	}
	out := w.outcome(s.link())
	if w.any {
		// Even when some were there already: Destroy must know of the others.
		out.Result = ResultCreated
	}
	return out, nil
}

// ProveOwnership leaves the extensions installed: an installed extension
// keeps no field almwiz could mark (extensionManagement 7.1
// InstalledExtension), nor who installed it, and uninstalling one that was
// there before would break every pipeline of the organization using it.
func (s *extensionsStep) ProveOwnership(_ context.Context, env *Env) error {
	installed := splitOutputList(env.Output(outInstalled))
	if len(installed) == 0 {
		return nil
	}
	return &UnprovableError{What: "extension(s) " + strings.Join(installed, ", ") + " of " + s.orgURL,
		Why: "an installed extension keeps no field almwiz could mark, and other pipelines of the organization may use it; uninstall it under Organization settings → Extensions"}
}

// Destroy uninstalls the extensions this installation installed.
func (s *extensionsStep) Destroy(ctx context.Context, env *Env) error {
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	for _, e := range splitOutputList(env.Output(outInstalled)) {
		publisher, name, _ := strings.Cut(e, ".")
		if err := c.UninstallExtension(ctx, publisher, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *extensionsStep) link() string {
	return s.orgURL + "/_settings/extensions"
}

// splitOutputList splits a comma-separated output; "" is none.
func splitOutputList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
