package cli

import (
	"context"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/steps"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// wizardInstall is the wizard's Install hook: it connects to the target,
// signs in to every tenant the profile uses (device codes shown on the
// sign-in screen), then starts the runner and hands its events to the
// progress view.
func wizardInstall(o *Options, resume bool) func(context.Context, *profiles.Profile, func(tea.Msg)) (<-chan steps.Event, error) {
	return func(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, error) {
		s, err := newSession(ctx, o, p, func(dc auth.DeviceCode) {
			send(wizard.DeviceCodeMsg{Tenant: dc.Tenant, Code: dc.UserCode, URL: dc.VerificationURL})
		})
		if err != nil {
			return nil, err
		}
		plan, err := steps.Build(p, s.clients)
		if err != nil {
			s.close()
			return nil, err
		}
		if err := s.signInAll(ctx, send); err != nil {
			s.close()
			return nil, err
		}
		store, err := s.openStore(map[bool]string{false: "wizard", true: "resume"}[resume])
		if err != nil {
			s.close()
			return nil, err
		}
		events := make(chan steps.Event, 256)
		r := &steps.Runner{Plan: plan, Store: store, Events: events, Vault: steps.NewVault()}
		go func() {
			_, _ = r.Run(ctx)
			store.Close()
			s.close()
		}()
		return events, nil
	}
}

// signInAll signs in to each tenant of the profile and reports the account,
// its roles and what it cannot do.
func (s *session) signInAll(ctx context.Context, send func(tea.Msg)) error {
	for _, t := range s.profile.Tenants {
		acct, err := s.clients.Signer.Account(ctx, t.Domain)
		if err != nil {
			send(wizard.SignInFailedMsg{Tenant: t.Domain, Err: err})
			return err
		}
		roles, err := s.clients.Signer.Roles(ctx, t.Domain)
		msg := wizard.SignedInMsg{Tenant: t.Domain, Account: acct.UPN}
		if err == nil {
			msg.Roles, msg.Missing = describeRoles(roles)
		}
		send(msg)
	}
	return nil
}

// describeRoles names the account's directory roles and what it cannot do,
// with who can.
func describeRoles(r auth.Roles) (names, missing []string) {
	for _, d := range r.Directory {
		names = append(names, d.DisplayName)
	}
	if !r.CanGrantConsent() {
		missing = append(missing, "grant admin consent — needs a Cloud Application Administrator, Application Administrator, Privileged Role Administrator or Global Administrator")
	}
	if !r.CanRegisterApps() {
		missing = append(missing, "register the app — needs an Application Administrator or Cloud Application Administrator")
	}
	if !r.CanManageGroups() {
		missing = append(missing, "create the makers group — needs a Groups Administrator or User Administrator")
	}
	if !r.IsPowerPlatformAdmin() {
		missing = append(missing, "create environments and application users — needs a Power Platform Administrator (or System Administrator in each environment)")
	}
	return names, missing
}
