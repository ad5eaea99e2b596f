package profiles

import (
	"fmt"
	"net/url"
	"strings"
)

// Where the code almwiz installs comes from. The templates' pipelines run
// with the service connection that holds the app registration's client
// secret, and the solution is imported as System Administrator, so almwiz
// takes them from Microsoft by default: the accelerator's template
// repository and the CoE Starter Kit's GitHub releases. Any other source
// must be named in options.trustedSources.
const (
	// MicrosoftSolutionReleases is the prefix of the CoE Starter Kit's
	// release downloads.
	MicrosoftSolutionReleases = "https://github.com/microsoft/coe-starter-kit/releases/download/"
)

// Source is one place the install takes code from, as plan, the review
// screen and apply show it (like terraform init shows module sources).
type Source struct {
	What      string // "templates of project alm", "ALM Accelerator solution"
	URL       string // repository, download URL, release or file
	Ref       string // tag, version; empty when the URL says it all
	Microsoft bool   // one of Microsoft's own sources
}

// String is one line: what, from where, at which ref, and whose it is.
func (s Source) String() string {
	out := s.What + ": " + s.URL
	if s.Ref != "" {
		out += " @ " + s.Ref
	}
	if s.Microsoft {
		return out + " (Microsoft)"
	}
	return out + " (NOT Microsoft's: trusted by options.trustedSources)"
}

// Sources lists where the install takes its templates and solution from.
func (p *Profile) Sources() []Source {
	var out []Source
	seen := map[string]bool{}
	for _, o := range p.DevOps.Organizations {
		for _, pr := range o.Projects {
			key := pr.Templates.Repository + "@" + pr.Templates.Ref
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Source{What: "pipeline templates", URL: pr.Templates.Repository, Ref: pr.Templates.Ref,
				Microsoft: IsMicrosoftTemplates(pr.Templates.Repository)})
		}
	}
	switch s := p.Solution; s.Source {
	case "url":
		out = append(out, Source{What: "ALM Accelerator solution", URL: s.URL, Microsoft: IsMicrosoftSolutionURL(s.URL)})
	case "file":
		out = append(out, Source{What: "ALM Accelerator solution", URL: p.SolutionFile(), Microsoft: false})
	default:
		v := s.Version
		if v == "" {
			v = DefaultSolutionVersion
		}
		out = append(out, Source{What: "ALM Accelerator solution", URL: "https://github.com/microsoft/coe-starter-kit/releases", Ref: v, Microsoft: true})
	}
	return out
}

// Untrusted lists the sources that are not Microsoft's.
func (p *Profile) Untrusted() []Source {
	var out []Source
	for _, s := range p.Sources() {
		if !s.Microsoft {
			out = append(out, s)
		}
	}
	return out
}

// IsMicrosoftTemplates says whether repo is the accelerator's template
// repository (with or without .git or a trailing slash).
func IsMicrosoftTemplates(repo string) bool {
	return normalSource(repo) == normalSource(DefaultTemplateRepository)
}

// IsMicrosoftSolutionURL says whether u downloads a CoE Starter Kit release asset.
func IsMicrosoftSolutionURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || !strings.EqualFold(p.Host, "github.com") || p.User != nil {
		return false
	}
	return strings.HasPrefix(strings.ToLower(p.Path), "/microsoft/coe-starter-kit/releases/download/") && !strings.Contains(p.Path, "..")
}

// normalSource is a source URL compared case-insensitively, without a
// trailing slash or .git.
func normalSource(u string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(u)), "/"), ".git")
}

// trusted says whether u is named in options.trustedSources.
func (p *Profile) trusted(u string) bool {
	for _, t := range p.Options.TrustedSources {
		if normalSource(t) == normalSource(u) {
			return true
		}
	}
	return false
}

// checkSources refuses a template repository or a solution URL that is
// not Microsoft's unless options.trustedSources names it, and an entry of
// options.trustedSources that names nothing the profile uses.
func (p *Profile) checkSources(ps *problems) {
	used := map[string]bool{}
	for i, o := range p.DevOps.Organizations {
		for j, pr := range o.Projects {
			repo := pr.Templates.Repository
			used[normalSource(repo)] = true
			if repo != "" && !IsMicrosoftTemplates(repo) && !p.trusted(repo) {
				ps.add(fmt.Sprintf("devops.organizations[%d].projects[%d].templates.repository", i, j),
					"%q is not Microsoft's template repository (%s): its pipelines would run with the service connection that holds the app's client secret. If you trust it, name it in options.trustedSources", repo, DefaultTemplateRepository)
			}
		}
	}
	if s := p.Solution; s.Source == "url" {
		used[normalSource(s.URL)] = true
		if s.URL != "" && !IsMicrosoftSolutionURL(s.URL) && !p.trusted(s.URL) {
			ps.add("solution.url", "%q is not a CoE Starter Kit release (%s…): the solution is imported as System Administrator. If you trust it, name it in options.trustedSources", s.URL, MicrosoftSolutionReleases)
		}
	}
	for i, t := range p.Options.TrustedSources {
		path := fmt.Sprintf("options.trustedSources[%d]", i)
		if u, err := url.Parse(t); err != nil || u.Scheme != "https" || u.Host == "" {
			ps.add(path, "%q is not an https URL", t)
		} else if !used[normalSource(t)] {
			ps.add(path, "%q is not a templates repository or solution URL of this profile; remove it, so that trust is given only where it is used", t)
		}
	}
}
