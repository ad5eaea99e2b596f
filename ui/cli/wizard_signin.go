package cli

import (
	"context"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/sandbox"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// yourTenant is how the sign-in screen names the tenant of an early
// sign-in, before its domain is known (the "organizations" authority).
const yourTenant = "your account's tenant"

// signIn is the wizard's SignIn hook (issue 13): it connects to the target
// for the draft profile and signs the admin in to their own tenant, to look
// up what they can pick; install reuses the session.
func (w *wizardRun) signIn(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) error {
	w.dropEarly()
	s, err := newSession(ctx, w.o, p, func(dc auth.DeviceCode) {
		send(wizard.DeviceCodeMsg{Tenant: tenantLabel(dc.Tenant), Code: dc.UserCode, URL: dc.VerificationURL})
	})
	if err != nil {
		return err
	}
	acct, err := s.clients.Signer.Account(ctx, multiTenant)
	if err != nil {
		send(wizard.SignInFailedMsg{Tenant: yourTenant, Err: err})
		s.close()
		return err
	}
	msg := wizard.SignedInMsg{Tenant: yourTenant, Account: acct.UPN}
	if roles, err := s.clients.Signer.Roles(ctx, multiTenant); err == nil {
		msg.Roles, msg.Missing = describeRoles(roles)
	}
	send(msg)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.left {
		s.close()
		return context.Canceled
	}
	w.early = s
	return nil
}

func tenantLabel(t string) string {
	if t == multiTenant {
		return yourTenant
	}
	return t
}

// find is the wizard's Find hook: the tenant's domain read with the early
// sign-in, which the profile's identity tenant then shares (no second
// device code), and everything the lookups see for the draft so named.
func (w *wizardRun) find(ctx context.Context, p *profiles.Profile) wizard.Found {
	s := w.earlySession()
	if s == nil {
		return wizard.Found{Problems: []string{"not signed in: type the details"}}
	}
	l := lookups{c: s.clients}
	domain, err := l.tenantDomain(ctx, nil)
	if err != nil {
		return wizard.Found{Problems: []string{err.Error()}}
	}
	s.clients.Signer.Alias(domain, multiTenant)
	f := wizard.Found{TenantDomain: domain}
	f.Apply(p)
	f.Organizations, _ = l.organizations(ctx, p) // all reads them again, and says why when it cannot
	f.Apply(p)                                   // as the wizard will: the projects are those of the organization it shows
	return l.all(ctx, p)
}

// lookup is the wizard's Lookup hook: once signed in early, what the
// account can see for the profile so far (the projects of the organization
// the admin picked); nothing before.
func (w *wizardRun) lookup(ctx context.Context, kind wizard.LookupKind, p *profiles.Profile) ([]string, error) {
	s := w.earlySession()
	if s == nil {
		return nil, nil
	}
	return lookups{c: s.clients}.lookup(ctx, kind, p)
}

func (w *wizardRun) earlySession() *session {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.early
}

// dropEarly closes an early session the install did not take.
func (w *wizardRun) dropEarly() {
	w.mu.Lock()
	s := w.early
	w.early = nil
	w.mu.Unlock()
	if s != nil {
		s.close()
	}
}

// takeEarly hands the early session to the install of p, or nil when there
// is none or it cannot serve p: the built-in sandbox keeps its state in the
// state directory, so a profile renamed since the sign-in needs a new one
// (the sandbox approves that sign-in by itself).
func (w *wizardRun) takeEarly(ctx context.Context, p *profiles.Profile) (*session, error) {
	w.mu.Lock()
	s := w.early
	w.early = nil
	w.mu.Unlock()
	if s == nil {
		return nil, nil
	}
	dir := stateDir(w.o, p)
	if s.srv != nil && dir != s.dir {
		s.close()
		return nil, nil
	}
	s.profile, s.dir = p, dir
	var err error
	switch {
	case s.srv != nil:
		err = s.srv.Seed(sandbox.SeedFromProfile(p))
	case w.o.SandboxURL != "":
		err = seedExternal(ctx, s.clients.Endpoints, w.o.SandboxURL, w.o.SandboxCA, p)
	}
	if err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}
