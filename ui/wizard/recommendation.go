package wizard

import (
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// recommendation shows the recommended tenant and Azure DevOps models side
// by side, with the reasons and warnings, and a sketch of the topology.
// The admin accepts, or chooses another model with a reason.
type recommendation struct {
	answers  profiles.Answers
	rec      profiles.Recommendation
	example  func(profiles.Models) *profiles.Profile
	override *override // non-nil while choosing another model
	scroll   scroll
}

func newRecommendation(a profiles.Answers, example func(profiles.Models) *profiles.Profile) *recommendation {
	return &recommendation{answers: a, rec: profiles.Recommend(a), example: example}
}

// recommended returns the recommended models.
func (r *recommendation) recommended() profiles.Models {
	return profiles.Models{Tenant: profiles.TenantModel(r.rec.Tenant.Model), DevOps: profiles.DevOpsModel(r.rec.DevOps.Model)}
}

func (r *recommendation) update(msg tea.Msg) (screen, tea.Cmd) {
	if r.override != nil {
		return r.updateOverride(msg)
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return r, nil
	}
	switch key.String() {
	case "enter", "a":
		return r, send(modelsChosenMsg{r.recommended()})
	case "c":
		r.override = newOverride(r.recommended(), r.answers)
		return r, r.override.init()
	case "esc", "shift+tab", "left": // nothing here moves sideways: ← is back, as the footer says
		return r, send(backMsg{})
	case "down", "j":
		r.scroll.by(3)
	case "up", "k":
		r.scroll.by(-3)
	default:
		r.scroll.key(key.String())
	}
	return r, nil
}

func (r *recommendation) updateOverride(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	var done, cancel bool
	r.override, cmd, done, cancel = r.override.update(msg)
	switch {
	case cancel:
		r.override = nil
	case done:
		models := r.override.models()
		r.override = nil
		return r, send(modelsChosenMsg{models})
	}
	return r, cmd
}

func (r *recommendation) view(ui theme.UI, width, height int) string {
	if r.override != nil {
		return r.override.view(ui, width, height)
	}
	colW := (width - 5) / 2
	left := verdictLines(ui, "Tenant model", r.rec.Tenant, colW)
	right := verdictLines(ui, "Azure DevOps model", r.rec.DevOps, colW)
	body := []string{""}
	for i := 0; i < max(len(left), len(right)); i++ {
		l, rt := at(left, i), at(right, i)
		body = append(body, " "+l+strings.Repeat(" ", max(0, colW-ansi.StringWidth(l)))+ui.Rule.Render(" │ ")+rt)
	}
	body = append(body, "", ui.Heading.Render("  What it looks like")+ui.Faint.Render(" (example names; you set them next)"))
	body = append(body, topology(ui, r.example(r.recommended()), width-2)...)
	keys := ui.KeyHelp("enter", "accept", "c", "choose another model", "↑/↓/pgup/pgdn", "scroll", "←/shift+tab", "back")
	return r.scroll.frame(ui, theme.Frame{Title: "Recommendation", Status: "based on your answers", Body: body, Focus: -1, Keys: keys}, width, height)
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// verdictLines renders one model's verdict in a column of width w.
func verdictLines(ui theme.UI, title string, v profiles.Verdict, w int) []string {
	out := []string{" " + ui.Faint.Render(title+": ") + ui.Title.Render(strings.ToUpper(v.Model)), ""}
	if ansi.StringWidth(out[0]) > w { // the model's name goes under, never cut
		out = []string{" " + ui.Faint.Render(title+":"), " " + ui.Title.Render(strings.ToUpper(v.Model)), ""}
	}
	item := func(mark string, style lipgloss.Style, text string) {
		lines := theme.Wrap(text, w-3, "")
		for i, l := range lines {
			prefix := "   "
			if i == 0 {
				prefix = " " + style.Render(mark) + " "
			}
			out = append(out, prefix+l)
		}
	}
	for _, f := range v.Reasons {
		item(theme.MarkDone, ui.Good, f.Text)
	}
	for _, f := range v.Warnings {
		item(theme.MarkWarning, ui.Warn, f.Text)
	}
	for _, m := range v.Means {
		item(theme.MarkBullet, ui.Faint, m)
	}
	return out
}
