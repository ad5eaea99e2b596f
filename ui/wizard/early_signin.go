package wizard

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// Signing in early (issue 13): after the recommendation the wizard offers
// to sign in before the details, so that the tenant's domain comes from the
// account and the environments, organizations and projects are picked from
// lists instead of typed. The caller's SignIn signs in (reporting the
// device code as the install's sign-in does) and its Find reads what the
// account can see; the install then reuses that sign-in.

// FoundOrganization is an Azure DevOps organization the admin belongs to.
type FoundOrganization struct {
	Name string
	URL  string // as a profile holds it: https://dev.azure.com/<name>
}

// FoundEnvironment is a Power Platform environment the admin can manage.
type FoundEnvironment struct {
	ID           string // the environment's name in the admin API (a GUID)
	DisplayName  string
	URL          string // the Dataverse URL; "" without Dataverse
	Type         string // Sandbox, Production, Trial, Developer, Default
	Region       string // e.g. unitedstates, europe
	HasDataverse bool
}

// Describe is how the environment is shown in a list: name, type, region
// and whether it has Dataverse.
func (e FoundEnvironment) Describe() string {
	dv := "Dataverse"
	if !e.HasDataverse {
		dv = "no Dataverse — cannot be used"
	}
	return strings.Join(slices.DeleteFunc([]string{e.DisplayName, e.Type, e.Region, dv}, func(s string) bool { return s == "" }), " · ")
}

// FoundReuse is an existing Entra object with the name the profile gives,
// which the install will reuse rather than create.
type FoundReuse struct {
	Kind string // "app registration" or "group"
	Name string
	ID   string // object id
}

// Found is everything the signed-in account could see; each part that
// could not be read leaves its message (what failed, the role needed) in
// Problems and is empty.
type Found struct {
	TenantDomain  string
	Organizations []FoundOrganization
	Projects      []string // of the profile's first organization
	Environments  []FoundEnvironment
	Reused        []FoundReuse
	Problems      []string
}

// reusedLines are the review's "will be reused" lines.
func (f *Found) reusedLines() []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, r := range f.Reused {
		out = append(out, fmt.Sprintf("will be reused: the %s %s (found in your tenant, id %s)", r.Kind, r.Name, r.ID))
	}
	return out
}

// Apply puts the account's tenant domain into the profile's identity
// tenant (the one the admin signed in to), and the first organization the
// admin belongs to in place of an example one they do not.
func (f *Found) Apply(p *profiles.Profile) {
	if f.TenantDomain != "" && len(p.Tenants) > 0 {
		i := slices.IndexFunc(p.Tenants, func(t profiles.Tenant) bool { return t.Name == p.Identity.Tenant })
		if i < 0 {
			i = 0
		}
		p.Tenants[i].Domain = f.TenantDomain
	}
	if len(f.Organizations) > 0 && len(p.DevOps.Organizations) > 0 &&
		!slices.ContainsFunc(f.Organizations, func(o FoundOrganization) bool { return o.URL == p.DevOps.Organizations[0].URL }) {
		p.DevOps.Organizations[0].URL = f.Organizations[0].URL
	}
}

// lookup serves the details screen's pickers from what was found; the
// projects of an organization the admin picks are asked of more (the
// caller's Lookup), as they depend on the pick.
func (f *Found) lookup(more Lookup) Lookup {
	return func(ctx context.Context, kind LookupKind, p *profiles.Profile) ([]string, error) {
		var out []string
		switch kind {
		case LookupOrganizations:
			for _, o := range f.Organizations {
				out = append(out, o.URL)
			}
		case LookupEnvironments:
			for _, e := range f.Environments {
				if e.HasDataverse {
					out = append(out, e.URL)
				}
			}
		case LookupProjects:
			if more != nil {
				return more(ctx, kind, p)
			}
			out = f.Projects
		}
		return out, nil
	}
}

// labels describe the picked values: an environment URL by its name,
// type, region and Dataverse.
func (f *Found) labels() map[string]string {
	out := map[string]string{}
	if f == nil {
		return out
	}
	for _, e := range f.Environments {
		if e.URL != "" {
			out[e.URL] = e.Describe()
		}
	}
	return out
}

// foundLines list what was found, for the early sign-in screen and the
// accessible mode.
func (f *Found) foundLines(ui theme.UI, width int) []string {
	var out []string
	// item is a list entry: the mark, then the text wrapped under itself.
	item := func(mark, text string) {
		lines := theme.Wrap(text, width-2, "      ")
		lines[0] = "    " + mark + " " + strings.TrimPrefix(lines[0], "      ")
		out = append(out, lines...)
	}
	section := func(title, note string, empty bool) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, "  "+ui.Heading.Render(title)+ui.Faint.Render(note))
		if empty {
			out = append(out, "    "+ui.Faint.Render("none found"))
		}
	}
	section("Your tenant", "", f.TenantDomain == "")
	if f.TenantDomain != "" {
		out = append(out, "    "+f.TenantDomain)
	}
	section("Power Platform environments", " (or create new ones)", len(f.Environments) == 0)
	for _, e := range f.Environments {
		item(theme.MarkBullet, e.Describe())
		if e.URL != "" {
			out = append(out, "      "+e.URL) // a URL is never broken
		}
	}
	section("Azure DevOps organizations", "", len(f.Organizations) == 0)
	for _, o := range f.Organizations {
		item(theme.MarkBullet, o.URL)
	}
	if len(f.Reused) > 0 {
		section("Will be reused", "", false)
		for _, r := range f.Reused {
			item(ui.Good.Render(theme.MarkDone), r.Kind+" "+r.Name)
		}
	}
	if len(f.Problems) > 0 {
		section("Could not read", " (type these details instead)", false)
		for _, p := range f.Problems {
			item(ui.Warn.Render(theme.MarkWarning), p)
		}
	}
	return out
}

// Messages of the early sign-in.
type (
	earlyFoundMsg struct {
		found Found
		err   error
	} // SignIn and Find returned
	earlyDoneMsg struct {
		models profiles.Models
		found  *Found // nil: the admin skipped signing in
	} // go on to the details
)

// Choices of the early sign-in offer.
const (
	earlySignInLabel = "Sign in now to pick from your tenant"
	earlySkipLabel   = "Skip — type the details"
)

// earlySignIn offers to sign in before the details; while signing in it
// shows the device code as the install's sign-in screen does, then what
// the account can see.
type earlySignIn struct {
	models  profiles.Models
	draft   *profiles.Profile
	signIn  func(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) error
	find    func(ctx context.Context, p *profiles.Profile) Found
	ctx     context.Context
	send    func(tea.Msg)
	cursor  int
	signing *signIn // non-nil once the admin chose to sign in
	found   *Found
	err     error
	offset  int
}

func (m *Model) newEarlySignIn(models profiles.Models) *earlySignIn {
	// Skip is the default: enter keeps today's typed entry, and nobody is
	// asked for a device code they did not choose.
	return &earlySignIn{models: models, draft: m.detailsFor(models), signIn: m.opts.SignIn, find: m.opts.Find, ctx: m.ctx, send: m.send, cursor: 1}
}

func (e *earlySignIn) start() tea.Cmd {
	e.signing = &signIn{state: map[string]*tenantSignIn{}}
	ctx, p, signIn, find, send := e.ctx, cloneProfile(e.draft), e.signIn, e.find, e.send
	if send == nil {
		send = func(tea.Msg) {}
	}
	return func() tea.Msg {
		if err := signIn(ctx, p, send); err != nil {
			return earlyFoundMsg{err: err}
		}
		if find == nil {
			return earlyFoundMsg{}
		}
		return earlyFoundMsg{found: find(ctx, p)}
	}
}

func (e *earlySignIn) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case earlyFoundMsg:
		e.err = msg.err
		if msg.err == nil {
			e.found = &msg.found
		}
		return e, nil
	case tea.KeyPressMsg:
		return e.key(msg)
	}
	if e.signing != nil {
		e.signing.update(msg)
	}
	return e, nil
}

func (e *earlySignIn) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	switch msg.String() {
	case "pgdown":
		e.offset += 3
		return e, nil
	case "pgup":
		e.offset = max(0, e.offset-3)
		return e, nil
	case "q":
		if e.signing != nil && e.found == nil {
			return e, tea.Quit // as on the install's sign-in screen
		}
	}
	switch {
	case e.signing == nil:
		switch msg.String() {
		case "up", "k", "down", "j", "tab":
			e.cursor = 1 - e.cursor
		case "esc", "shift+tab":
			return e, send(backMsg{})
		case "enter":
			if e.cursor == 1 {
				return e, send(earlyDoneMsg{models: e.models})
			}
			return e, e.start()
		}
	case e.found != nil:
		if msg.String() == "enter" {
			return e, send(earlyDoneMsg{models: e.models, found: e.found})
		}
	case e.err != nil:
		if msg.String() == "enter" {
			return e, send(earlyDoneMsg{models: e.models})
		}
	}
	return e, nil
}

func (e *earlySignIn) view(ui theme.UI, width, height int) string {
	body := []string{""}
	focus := -1
	keys := ui.KeyHelp("↑/↓", "choose", "enter", "select", "shift+tab", "back")
	status := "optional"
	switch {
	case e.signing == nil:
		body = append(body, theme.Wrap("Signed in, almwiz fills in your tenant's domain and lists your Power Platform environments, Azure DevOps organizations and projects to pick from, and finds the app registration and group it would reuse. It only reads; the install uses the same sign-in.", width-2, "  ")...)
		body = append(body, "")
		for i, label := range []string{earlySignInLabel, earlySkipLabel} {
			if i == e.cursor {
				body = append(body, "  "+ui.Focus.Render(theme.MarkCursor+" "+label))
			} else {
				body = append(body, "    "+label)
			}
		}
	case e.found != nil:
		status = ui.Good.Render(theme.MarkDone + " signed in")
		body = append(body, e.signedInLines(ui, width)...)
		body = append(body, "")
		body = append(body, e.found.foundLines(ui, width)...)
		body = append(body, "", "  "+ui.Focus.Render(theme.MarkCursor+" Continue to the details ▸"))
		keys = ui.KeyHelp("enter", "continue", "pgup/pgdn", "scroll")
	case e.err != nil:
		status = ui.Bad.Render(theme.MarkFailed + " not signed in")
		body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" could not sign in: "+e.err.Error()), width-2, "    ")...)
		body = append(body, "", "  "+ui.Focus.Render(theme.MarkCursor+" Skip — type the details ▸"))
		keys = ui.KeyHelp("enter", "type the details", "q", "quit")
	default:
		status = "signing in"
		return e.signing.view(ui, width, height)
	}
	return ui.Render(theme.Frame{Title: "Sign in now?", Status: status, Body: body, Offset: e.offset, Focus: focus, Keys: keys}, width, height)
}

// signedInLines say who signed in, with the roles and what the account
// cannot do.
func (e *earlySignIn) signedInLines(ui theme.UI, width int) []string {
	var out []string
	for _, name := range e.signing.tenants {
		st := e.signing.state[name]
		if !st.done {
			continue
		}
		out = append(out, "  "+ui.Good.Render(theme.MarkDone)+" signed in as "+st.account)
		if len(st.roles) > 0 {
			out = append(out, theme.Wrap("roles: "+strings.Join(st.roles, ", "), width-2, "    ")...)
		}
		for _, m := range st.missing {
			out = append(out, theme.Wrap(ui.Warn.Render(theme.MarkWarning)+" "+m, width-2, "    ")...)
		}
	}
	return out
}

// afterModels goes on from the chosen models: to the early sign-in offer
// when the caller can sign in and the admin has not signed in yet, else to
// the details.
func (m *Model) afterModels(models profiles.Models) tea.Cmd {
	if m.opts.SignIn != nil && m.found == nil {
		return m.push(m.newEarlySignIn(models))
	}
	return m.pushDetails(models)
}

// earlyDone goes to the details, with what was found when signed in.
func (m *Model) earlyDone(msg earlyDoneMsg) tea.Cmd {
	if msg.found != nil {
		m.found = msg.found
	}
	return m.pushDetails(msg.models)
}

// pushDetails shows the details of the models: typed, or picked from what
// the early sign-in found.
func (m *Model) pushDetails(models profiles.Models) tea.Cmd {
	p := m.detailsFor(models)
	var d *details
	if m.found == nil {
		d = newDetails(p, m.opts.Lookup, m.ctx)
	} else {
		m.found.Apply(p)
		d = newDetails(p, m.found.lookup(m.opts.Lookup), m.ctx)
		d.labels = m.found.labels()
		if len(m.found.Problems) > 0 {
			d.note = "could not read everything after sign-in — type what is not listed: " + strings.Join(m.found.Problems, "; ")
		}
	}
	if m.result.Start == StartPreset && !m.questionsAsked() {
		// The preset answered the questions: say what it filled in, with
		// its planning answers one key away.
		d.preset = presetFor[models.Tenant]
	}
	return m.push(d)
}

// questionsAsked reports whether the planning questions were on screen in
// this walk (a preset skips them unless the admin asks).
func (m *Model) questionsAsked() bool {
	for _, s := range append(m.history, m.current) {
		if _, ok := s.(*questions); ok {
			return true
		}
	}
	return false
}

// planSummary is the review's summary with the objects the install will
// reuse, as the early sign-in found them.
func (m *Model) planSummary() func(*profiles.Profile) []string {
	plan, reused := m.opts.PlanSummary, m.found.reusedLines()
	if plan == nil || len(reused) == 0 {
		return plan
	}
	return func(p *profiles.Profile) []string { return append(plan(p), reused...) }
}

// labelLine describes a field's value when it was picked from a list.
func labelLine(ui theme.UI, labels map[string]string, value string, indent int) (string, bool) {
	l, ok := labels[value]
	if !ok || value == "" {
		return "", false
	}
	return strings.Repeat(" ", indent) + ui.Faint.Render(l), true
}
