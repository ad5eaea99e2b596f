package wizard

import (
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var (
	tenantModels = []profiles.TenantModel{profiles.TenantDemo, profiles.TenantEnterprise, profiles.TenantMultiTenant}
	devopsModels = []profiles.DevOpsModel{profiles.DevOpsOneToOne, profiles.DevOpsOneToMany, profiles.DevOpsManyToMany}
)

// override lets the admin choose models other than the recommended ones;
// the profile records the recommendation and the admin's reason.
type override struct {
	recommended profiles.Models
	answers     profiles.Answers
	tenant      int
	devops      int
	field       int // 0 tenant, 1 devops, 2 reason
	reason      textinput.Model
	err         string
}

func newOverride(rec profiles.Models, a profiles.Answers) *override {
	o := &override{recommended: rec, answers: a}
	for i, t := range tenantModels {
		if t == rec.Tenant {
			o.tenant = i
		}
	}
	for i, d := range devopsModels {
		if d == rec.DevOps {
			o.devops = i
		}
	}
	o.reason = textinput.New()
	o.reason.Prompt = ""
	o.reason.Placeholder = "e.g. each business unit needs its own organization"
	o.reason.CharLimit = 300
	return o
}

func (o *override) init() tea.Cmd { return nil }

// models returns the chosen models with the override recorded, or the
// recommended models unchanged when the admin picked those after all.
func (o *override) models() profiles.Models {
	m := profiles.Models{Tenant: tenantModels[o.tenant], DevOps: devopsModels[o.devops]}
	if m.Tenant != o.recommended.Tenant || m.DevOps != o.recommended.DevOps {
		m.Override = &profiles.Override{
			RecommendedTenant: o.recommended.Tenant, RecommendedDevOps: o.recommended.DevOps,
			Reason: strings.TrimSpace(o.reason.Value()),
		}
	}
	return m
}

// update returns whether the admin confirmed (done) or went back (cancel).
func (o *override) update(msg tea.Msg) (*override, tea.Cmd, bool, bool) {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return o, nil, false, false
	}
	switch key.String() {
	case "esc", "shift+tab":
		if o.field == 0 {
			return o, nil, false, true
		}
		return o, o.focus(o.field - 1), false, false
	case "tab", "down":
		return o, o.focus(step(o.field, 1, 3)), false, false
	case "up":
		return o, o.focus(step(o.field, -1, 3)), false, false
	case "enter":
		return o.confirm()
	}
	if o.field == 2 {
		var cmd tea.Cmd
		o.reason, cmd = o.reason.Update(msg)
		o.err = ""
		return o, cmd, false, false
	}
	o.cycle(key.String())
	return o, nil, false, false
}

func (o *override) cycle(key string) {
	step := map[string]int{"left": -1, "h": -1, "right": 1, "l": 1, "space": 1}[key]
	if o.field == 0 {
		o.tenant = (o.tenant + step + len(tenantModels)) % len(tenantModels)
	} else {
		o.devops = (o.devops + step + len(devopsModels)) % len(devopsModels)
	}
}

func (o *override) focus(f int) tea.Cmd {
	o.field = f
	if f == 2 {
		return o.reason.Focus()
	}
	o.reason.Blur()
	return nil
}

func (o *override) confirm() (*override, tea.Cmd, bool, bool) {
	if o.field < 2 {
		return o, o.focus(o.field + 1), false, false
	}
	if m := o.models(); m.Override != nil && m.Override.Reason == "" {
		o.err = "say why — the admin team reviewing this profile will want to know"
		return o, nil, false, false
	}
	return o, nil, true, false
}

// newCautions are the cautions the chosen models bring that the
// recommendation did not show: a risk an answer raises is said whatever
// model the admin picks (profiles.CautionsFor).
func (o *override) newCautions() []profiles.Finding {
	shown := map[string]bool{}
	for _, c := range profiles.CautionsFor(o.answers, o.recommended) {
		shown[c.ID] = true
	}
	m := o.models()
	var out []profiles.Finding
	for _, c := range profiles.CautionsFor(o.answers, profiles.Models{Tenant: m.Tenant, DevOps: m.DevOps}) {
		if !shown[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

func (o *override) view(ui theme.UI, width, height int) string {
	row := func(i int, label, value, rec string) []string {
		mark := "  "
		pad := strings.Repeat(" ", 14-len(value))
		if o.field == i {
			mark = ui.Focus.Render(theme.MarkCursor) + " "
			value = ui.Focus.Render("◂ "+value+" ▸") + pad
		} else {
			value = "  " + value + "  " + pad
		}
		line := "  " + mark + label + value
		if ansi.StringWidth(line)+16+len(rec) < width {
			return []string{line + ui.Faint.Render("   recommended: "+rec)}
		}
		return []string{line, ui.Faint.Render("      recommended: " + rec)} // a narrow terminal
	}
	body := []string{""}
	body = append(body, row(0, "Tenant model        ", string(tenantModels[o.tenant]), string(o.recommended.Tenant))...)
	body = append(body, row(1, "Azure DevOps model  ", string(devopsModels[o.devops]), string(o.recommended.DevOps))...)
	body = append(body, "")
	mark := "  "
	if o.field == 2 {
		mark = ui.Focus.Render(theme.MarkCursor) + " "
	}
	body = append(body, "  "+mark+"Why this choice? (recorded in the profile)")
	o.reason.SetWidth(width - 10)
	body = append(body, "      "+o.reason.View())
	if o.err != "" {
		body = append(body, "", "    "+ui.Bad.Render(theme.MarkFailed+" "+o.err))
	}
	for _, c := range o.newCautions() {
		lines := theme.Wrap(c.Text, width-8, "")
		for i, l := range lines {
			prefix := "      "
			if i == 0 {
				prefix = "    " + ui.Warn.Render(theme.MarkWarning) + " "
			}
			body = append(body, prefix+l)
		}
	}
	body = append(body, "")
	body = append(body, theme.Wrap(ui.Faint.Render("The profile keeps the recommended models and your reason under models.override, so whoever reviews it sees the departure."), width-2, "  ")...)
	keys := ui.KeyHelp("←/→", "change", "tab", "next field", "enter", "confirm", "esc", "back")
	return ui.Render(theme.Frame{Title: "Choose another model", Body: body, Focus: -1, Keys: keys}, width, height)
}
