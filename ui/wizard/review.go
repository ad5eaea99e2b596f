package wizard

import (
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// review shows the profile as a readable summary, grouped by service and
// the admin role each part needs, and offers to install, export or quit.
type review struct {
	profile  *profiles.Profile
	path     string // default export path
	write    func(string, []byte, bool) error
	cursor   int
	export   *exportPrompt
	exported string
	scroll   scroll
	plan     []string // Options.PlanSummary's lines; nil: describe the profile
}

var reviewActions = []string{
	"Continue — sign in and install",
	"Export the profile to a file",
	"Quit — save the profile and install later",
}

func newReview(p *profiles.Profile, path string, write func(string, []byte, bool) error, plan func(*profiles.Profile) []string) *review {
	r := &review{profile: p, path: path, write: write}
	if plan != nil {
		r.plan = plan(p)
	}
	return r
}

func (r *review) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exportedMsg:
		if r.export == nil || !r.export.result(msg) {
			return r, nil
		}
		r.exported, r.path = msg.path, msg.path
		then := r.export.then
		r.export = nil
		if then {
			return r, send(reviewDoneMsg{install: false})
		}
	case tea.KeyPressMsg:
		if r.export != nil {
			cmd, cancel := r.export.update(msg, r.profile, r.write)
			if cancel {
				r.export = nil
			}
			return r, cmd
		}
		return r.key(msg)
	}
	return r, nil
}

func (r *review) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	switch msg.String() {
	case "up", "k":
		r.cursor = step(r.cursor, -1, len(reviewActions))
	case "down", "j", "tab":
		r.cursor = step(r.cursor, 1, len(reviewActions))
	case "pgdown", "pgup":
		r.scroll.key(msg.String())
	case "esc", "shift+tab":
		return r, send(backMsg{})
	case "e":
		r.cursor = 1
		return r.act()
	case "enter":
		return r.act()
	}
	return r, nil
}

func (r *review) act() (screen, tea.Cmd) {
	switch r.cursor {
	case 0:
		return r, send(reviewDoneMsg{install: true})
	case 1:
		r.export = newExportPrompt(r.path, false)
		return r, r.export.path.Focus()
	}
	if r.exported != "" {
		return r, send(reviewDoneMsg{install: false})
	}
	r.export = newExportPrompt(r.path, true)
	return r, r.export.path.Focus()
}

func (r *review) view(ui theme.UI, width, height int) string {
	body := summaryLines(ui, r.profile, width)
	if r.plan != nil {
		body = planLines(ui, r.profile, r.plan, width)
	}
	var bottom []string
	if r.export != nil {
		bottom = r.export.lines(ui, width)
	} else {
		if r.exported != "" {
			bottom = append(bottom, "  "+ui.Good.Render(theme.MarkDone+" exported to "+r.exported))
		}
		for i, a := range reviewActions {
			if i == r.cursor {
				bottom = append(bottom, ui.Focus.Render("  "+theme.MarkCursor+" "+a))
			} else {
				bottom = append(bottom, "    "+a)
			}
		}
	}
	keys := ui.KeyHelp("↑/↓", "choose", "enter", "select", "e", "export", "pgup/pgdn", "scroll", "esc", "back")
	switch {
	case r.export != nil && r.export.confirm:
		keys = ui.KeyHelp("y", "replace the file", "n", "choose another name")
	case r.export != nil:
		keys = ui.KeyHelp("enter", "save", "esc", "cancel")
	}
	status := fmt.Sprintf("%s · %s / %s", r.profile.Metadata.Name, r.profile.Models.Tenant, r.profile.Models.DevOps)
	return r.scroll.frame(ui, theme.Frame{Title: "Review", Status: status, Body: body, Bottom: bottom, Focus: -1, Keys: keys}, width, height)
}

// planLines shows the models and the lines of Options.PlanSummary.
func planLines(ui theme.UI, p *profiles.Profile, plan []string, width int) []string {
	out := append([]string{""}, theme.Wrap(modelsLine(p), width-2, "  ")...)
	out = append(out, "")
	for _, l := range plan {
		lines := theme.Wrap(l, width-2, "    ")
		lines[0] = "  " + strings.TrimPrefix(lines[0], "    ")
		out = append(out, lines...) // continuation lines hang under the service
	}
	out = append(out, untrustedLines(ui, p, width)...)
	return out
}

// summaryLines describes the profile by service, each with the admin role
// its part needs.
func summaryLines(ui theme.UI, p *profiles.Profile, width int) []string {
	item := func(text string) []string {
		lines := theme.Wrap(text, width-2, "      ")
		lines[0] = "    " + ui.Faint.Render(theme.MarkBullet) + " " + strings.TrimPrefix(lines[0], "      ")
		return lines
	}
	section := func(name, role string) []string {
		return append([]string{""}, theme.Wrap(ui.Heading.Render(name)+ui.Faint.Render(" — needs "+role), width-2, "  ")...)
	}
	out := []string{""}
	out = append(out, theme.Wrap(modelsLine(p), width-2, "  ")...)

	out = append(out, section("Microsoft Entra", "Application Administrator; admin consent needs a Global Administrator")...)
	home := p.Identity.Tenant
	if t, ok := p.Tenants.Find(home); ok {
		home = t.Domain
	}
	out = append(out, item(fmt.Sprintf("app registration %s in %s, client secret %q valid %d days (never written to disk)", p.Identity.AppRegistration, home, p.Identity.Credential.DisplayName, p.Identity.Credential.LifetimeDays))...)
	out = append(out, item("security group "+p.Identity.MakersGroup+" for makers")...)

	out = append(out, section("Azure DevOps", "Project Collection Administrator")...)
	for _, o := range p.DevOps.Organizations {
		for _, pr := range o.Projects {
			verb := "use project"
			if pr.Create {
				verb = "project (created if missing)"
			}
			out = append(out, item(fmt.Sprintf("%s: %s %s, repository %s ← templates %s, extensions, pipelines, variable group, service connections", o.URL, verb, pr.Name, pr.PipelineRepository, pr.Templates.Ref))...)
		}
	}

	out = append(out, section("Power Platform", "Power Platform Administrator")...)
	for _, e := range p.Environments {
		out = append(out, item(environmentLine(p, e))...)
	}
	out = append(out, item(fmt.Sprintf("application users (%s) in every environment; ALM Accelerator solution %s into the host", cmpOr(p.Options.AppUserRole, profiles.DefaultAppUserRole), solutionText(p.Solution)))...)
	return append(out, untrustedLines(ui, p, width)...)
}

// untrustedLines warns of every source that is not Microsoft's (the
// profile names it in options.trustedSources), with its ref; nothing when
// all are Microsoft's.
func untrustedLines(ui theme.UI, p *profiles.Profile, width int) []string {
	list := p.Untrusted()
	if len(list) == 0 {
		return nil
	}
	out := append([]string{""}, theme.Wrap(ui.Warn.Render(theme.MarkWarning+" Sources not from Microsoft")+ui.Faint.Render(" — trusted by options.trustedSources; their code runs with the app's secret or as System Administrator"), width-2, "  ")...)
	for _, s := range list {
		lines := theme.Wrap(s.String(), width-2, "      ")
		lines[0] = "    " + ui.Faint.Render(theme.MarkBullet) + " " + strings.TrimPrefix(lines[0], "      ")
		out = append(out, lines...)
	}
	return out
}

func environmentLine(p *profiles.Profile, e profiles.Environment) string {
	if c := e.Create; c != nil {
		return fmt.Sprintf("%s: create %s (%s, %s)", e.Name, c.DomainName, c.Type, c.Location)
	}
	return fmt.Sprintf("%s: use %s", e.Name, strings.TrimSuffix(e.URL, "/"))
}

func solutionText(s profiles.Solution) string {
	switch s.Source {
	case "url":
		return "from " + s.URL
	case "file":
		return "from " + s.File
	}
	return "release " + cmpOr(s.Version, profiles.DefaultSolutionVersion)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// modelsLine says which models were chosen, and whether as recommended.
func modelsLine(p *profiles.Profile) string {
	models := fmt.Sprintf("Tenant model %s, Azure DevOps model %s", p.Models.Tenant, p.Models.DevOps)
	if o := p.Models.Override; o != nil {
		return models + fmt.Sprintf(" (recommended %s, %s — %s)", o.RecommendedTenant, o.RecommendedDevOps, o.Reason)
	}
	return models + " (as recommended)"
}
