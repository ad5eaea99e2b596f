package wizard

import (
	"strings"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/progress"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// signIn shows, per tenant, the device code to enter and then the account,
// its roles and what it cannot do. The caller's Install drives it with
// DeviceCodeMsg, SignedInMsg and SignInFailedMsg.
type signIn struct {
	tenants []string
	state   map[string]*tenantSignIn
	failed  error
	scroll  scroll
	action  string // what signing in is for: "the install" or "the check"
	// preflight is what the checks before any change found, while the
	// install waits for the admin's answer.
	preflight *PreflightMsg
}

type tenantSignIn struct {
	code, url string
	account   string
	roles     []string
	missing   []string
	err       error
	done      bool
}

func newSignIn(p *profiles.Profile) *signIn {
	s := &signIn{state: map[string]*tenantSignIn{}, action: "the install"}
	for _, t := range p.Tenants {
		s.tenants = append(s.tenants, t.Domain)
		s.state[t.Domain] = &tenantSignIn{}
	}
	return s
}

// tenant returns the state of a tenant, adding one the profile did not name.
func (s *signIn) tenant(name string) *tenantSignIn {
	if st, ok := s.state[name]; ok {
		return st
	}
	s.tenants = append(s.tenants, name)
	s.state[name] = &tenantSignIn{}
	return s.state[name]
}

func (s *signIn) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case DeviceCodeMsg:
		st := s.tenant(msg.Tenant)
		st.code, st.url, st.err = msg.Code, msg.URL, nil
	case SignedInMsg:
		st := s.tenant(msg.Tenant)
		st.account, st.roles, st.missing, st.done, st.code = msg.Account, msg.Roles, msg.Missing, true, ""
	case SignInFailedMsg:
		s.tenant(msg.Tenant).err = msg.Err
	case PreflightMsg:
		s.preflight = &msg
	case tea.KeyPressMsg:
		switch msg.String() {
		case "enter":
			if s.preflight != nil && !s.preflight.Blocked {
				s.decide(true)
			}
		case "q", "ctrl+c":
			s.decide(false)
			return s, tea.Quit
		case "down":
			s.scroll.by(3)
		case "up":
			s.scroll.by(-3)
		default:
			s.scroll.key(msg.String())
		}
	}
	return s, nil
}

func (s *signIn) view(ui theme.UI, width, height int) string {
	body := []string{""}
	focus := -1
	for _, name := range s.tenants {
		st := s.state[name]
		body = append(body, "  "+ui.Heading.Render(name))
		switch {
		case st.err != nil:
			body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" "+st.err.Error()), width-2, "   ")...)
		case st.done:
			body = append(body, "   "+ui.Good.Render(theme.MarkDone)+" signed in as "+st.account)
			if len(st.roles) > 0 {
				body = append(body, theme.Wrap("roles: "+strings.Join(st.roles, ", "), width-2, "     ")...)
			}
			for _, m := range st.missing {
				body = append(body, theme.Wrap(ui.Warn.Render(theme.MarkWarning)+" "+m, width-2, "   ")...)
			}
		case st.code != "":
			focus = len(body)
			body = append(body, "   Open this page and enter the code:")
			body = append(body, ui.LinkLines(st.url, width-2, "     ")...)
			for _, l := range strings.Split(ui.Big.Render(st.code), "\n") {
				body = append(body, "   "+l)
			}
			body = append(body, theme.Wrap(ui.Faint.Render("(select the code with the mouse to copy it; almwiz continues by itself)"), width-2, "   ")...)
		default:
			body = append(body, "   "+ui.Faint.Render(theme.MarkPending+" waiting to sign in…"))
		}
		body = append(body, "")
	}
	if pre := s.preflightLines(ui, width); len(pre) > 0 {
		body = append(body, pre...)
		focus = len(body) - 2 // the question (or the blocker's way out) stays on screen
	}
	if s.failed != nil {
		body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" could not start "+s.action+": "+s.failed.Error()), width-2, "  ")...)
	}
	keys := ui.KeyHelp("pgup/pgdn", "scroll", "q", "quit (the profile is kept)")
	if s.preflight != nil && s.preflight.Decide != nil && !s.preflight.Blocked {
		keys = ui.KeyHelp("enter", "install", "pgup/pgdn", "scroll", "q", "quit — nothing was changed")
	}
	return s.scroll.frame(ui, theme.Frame{Title: "Sign in", Status: "device code sign-in", Body: body, Focus: focus, Keys: keys}, width, height)
}

// decide answers the install's question after the preflight checks, once.
func (s *signIn) decide(install bool) {
	if s.preflight == nil || s.preflight.Decide == nil {
		return
	}
	s.preflight.Decide <- install
	s.preflight.Decide = nil
}

// preflightLines show what the checks before any change found: each
// finding with what it breaks, who fixes it and where, then the question.
func (s *signIn) preflightLines(ui theme.UI, width int) []string {
	if s.preflight == nil {
		return nil
	}
	out := []string{"  " + ui.Heading.Render("Before any change")}
	for _, f := range s.preflight.Findings {
		mark, style := theme.MarkWarning, ui.Warn
		if f.Severity == steps.SeverityBlocker {
			mark, style = theme.MarkFailed, ui.Bad
		}
		out = append(out, theme.Wrap(style.Render(mark)+" "+f.Message, width-2, "   ")...)
		for _, l := range []string{f.Fix, f.Link} {
			if l != "" {
				out = append(out, theme.Wrap(ui.Faint.Render(l), width-2, "     ")...)
			}
		}
	}
	switch {
	case s.preflight.Blocked:
		out = append(out, "")
		out = append(out, theme.Wrap(ui.Bad.Render("Nothing was changed. Fix the blocker above and start again, or install with almwiz apply --ignore-preflight ID if you accept what it breaks."), width-2, "  ")...)
	case s.preflight.Decide != nil:
		out = append(out, "", "  Install anyway? enter installs, q quits with nothing changed.")
	}
	return append(out, "")
}

// progressScreen hosts the install's progress view inside the wizard.
type progressScreen struct{ run *progress.Model }

func (p *progressScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	m, cmd := p.run.Update(msg)
	p.run = m.(*progress.Model)
	return p, cmd
}

func (p *progressScreen) view(_ theme.UI, _, _ int) string { return p.run.View().Content }
