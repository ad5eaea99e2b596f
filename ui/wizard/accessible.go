package wizard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/progress"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

// accessible runs the wizard as numbered line prompts (huh's accessible
// mode): no redrawing, one question at a time, for screen readers.
type accessible struct {
	*Model
	in  *promptInput
	out io.Writer
}

func runAccessible(ctx context.Context, opts Options) (Result, error) {
	a := &accessible{Model: New(ctx, opts), in: newPromptInput(ctx, opts.Input), out: theme.Writer(opts.Output, true)}
	a.Model.history = nil
	return a.run()
}

// ask asks one field; Ctrl+C or Ctrl+D at the prompt quits the wizard
// (a *QuitError) instead of taking the default.
func (a *accessible) ask(f huh.Field) error {
	if err := huh.NewForm(huh.NewGroup(f)).WithAccessible(true).WithInput(a.in).WithOutput(a.out).Run(); err != nil {
		return err
	}
	return a.in.quit()
}

func (a *accessible) say(lines ...string) {
	for _, l := range lines {
		fmt.Fprintln(a.out, ansi.Strip(l))
	}
}

func (a *accessible) run() (Result, error) {
	start, err := a.start()
	if err != nil || start == StartResume || start == StartCheck {
		return a.result, err
	}
	if start != StartFile {
		if err := a.questions(); err != nil {
			return a.result, err
		}
		models, err := a.recommendation()
		if err != nil {
			return a.result, err
		}
		if err := a.earlySignIn(models); err != nil {
			return a.result, err
		}
		draft := a.detailsFor(models)
		if a.found != nil {
			a.found.Apply(draft)
		}
		if a.profile, err = a.details(draft); err != nil {
			return a.result, err
		}
	}
	return a.review()
}

func (a *accessible) start() (Start, error) {
	a.say("almwiz installs Microsoft's ALM Accelerator for Power Platform.",
		"It takes about 5 minutes of questions, then 15 to 40 minutes of install; you can stop and resume.",
		"Roles: "+RolesNeeded()+".",
		"Note: Microsoft has deprecated the ALM Accelerator in favour of Pipelines for Power Platform: "+DeprecationLink, "")
	if a.profile != nil {
		return a.result.Start, nil
	}
	start := StartScratch
	var opts []huh.Option[Start]
	w := newWelcome(a.opts.HasCheckpoint != nil && a.opts.HasCheckpoint(), a.opts.Target)
	if a.opts.Check != nil {
		w.offerCheck(a.opts.SavedProfile)
	}
	for _, c := range w.choices {
		opts = append(opts, huh.NewOption(c.label, c.start))
	}
	if err := a.ask(huh.NewSelect[Start]().Title("How do you want to start?").Options(opts...).Value(&start)); err != nil {
		return start, err
	}
	a.result.Start = start
	switch start {
	case StartResume:
		a.result.Resume = true
	case StartCheck:
		fix, err := a.check()
		if err != nil || !fix {
			return StartCheck, err
		}
		a.result.Start = StartFile // on to the review, as with a profile file
		return StartFile, nil
	case StartPreset:
		name := "demo"
		if err := a.ask(huh.NewSelect[string]().Title("Which preset?").Options(huh.NewOptions(profiles.PresetNames()...)...).Value(&name)); err != nil {
			return start, err
		}
		a.profile, _ = profiles.Preset(name)
		a.answers = cloneAnswers(a.profile.Answers)
	case StartFile:
		return start, a.loadFile()
	}
	return start, nil
}

func (a *accessible) loadFile() error {
	var path string
	return a.ask(huh.NewInput().Title("Profile file:").Value(&path).Validate(func(s string) error {
		p, err := profiles.LoadFile(strings.TrimSpace(s))
		if err == nil {
			a.profile = p
			a.answers = cloneAnswers(p.Answers)
		}
		return err
	}))
}

func (a *accessible) questions() error {
	for _, q := range profiles.Questions {
		if !q.Visible(a.answers) {
			delete(a.answers, q.ID)
			continue
		}
		value := q.Choices[choiceIndex(q, a.answers)].ID
		var opts []huh.Option[string]
		for _, c := range q.Choices {
			opts = append(opts, huh.NewOption(c.Label, c.ID))
		}
		a.say("", "Why it matters: "+q.Help)
		if err := a.ask(huh.NewSelect[string]().Title(q.Title).Options(opts...).Value(&value)); err != nil {
			return err
		}
		a.answers[q.ID] = value
	}
	return nil
}

func (a *accessible) recommendation() (profiles.Models, error) {
	r := newRecommendation(a.answers, a.detailsFor)
	plain := theme.NewUI(true)
	a.say("", "Recommendation")
	a.say(verdictLines(plain, "Tenant model", r.rec.Tenant, 76)...)
	a.say(verdictLines(plain, "Azure DevOps model", r.rec.DevOps, 76)...)
	accept := true
	if err := a.ask(huh.NewConfirm().Title("Accept the recommended models?").Value(&accept)); err != nil || accept {
		return r.recommended(), err
	}
	o := newOverride(r.recommended(), a.answers)
	var t profiles.TenantModel
	var d profiles.DevOpsModel
	var reason string
	fields := []huh.Field{
		huh.NewSelect[profiles.TenantModel]().Title("Tenant model").Options(huh.NewOptions(tenantModels...)...).Value(&t),
		huh.NewSelect[profiles.DevOpsModel]().Title("Azure DevOps model").Options(huh.NewOptions(devopsModels...)...).Value(&d),
		huh.NewInput().Title("Why this choice? (recorded in the profile)").Value(&reason).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New("say why — the admin team reviewing this profile will want to know")
			}
			return nil
		}),
	}
	for i, f := range fields {
		if i == 2 {
			o.tenant, o.devops = slices.Index(tenantModels, t), slices.Index(devopsModels, d)
			for _, c := range o.newCautions() {
				a.say(theme.Wrap("! "+c.Text, 76, "  ")...)
			}
		}
		if err := a.ask(f); err != nil {
			return r.recommended(), err
		}
	}
	models := profiles.Models{Tenant: t, DevOps: d}
	if t != o.recommended.Tenant || d != o.recommended.DevOps {
		models.Override = &profiles.Override{RecommendedTenant: o.recommended.Tenant, RecommendedDevOps: o.recommended.DevOps, Reason: strings.TrimSpace(reason)}
	}
	return models, nil
}

// install signs in and runs the install with plain lines, when the caller
// wired Options.Install.
func (a *accessible) install() error {
	if a.opts.Install == nil {
		return nil
	}
	events, err := a.opts.Install(a.ctx, a.profile, a.signInLine)
	if err != nil {
		return err
	}
	if a.opts.NoDecisions {
		a.result.Summary = progress.Plain(a.out, events, nil, nil)
	} else {
		a.result.Summary = progress.Plain(a.out, events, a.in, a.opts.Control)
	}
	return nil
}

// signInLine prints a sign-in message as one line.
func (a *accessible) signInLine(msg tea.Msg) {
	switch msg := msg.(type) {
	case DeviceCodeMsg:
		a.say(fmt.Sprintf("Sign in to %s: open %s and enter the code %s", msg.Tenant, msg.URL, msg.Code))
	case SignedInMsg:
		a.say(fmt.Sprintf("Signed in to %s as %s; roles: %s", msg.Tenant, msg.Account, strings.Join(msg.Roles, ", ")))
		for _, m := range msg.Missing {
			a.say("  cannot: " + m)
		}
	case SignInFailedMsg:
		a.say(fmt.Sprintf("Sign-in to %s failed: %v", msg.Tenant, msg.Err))
	case PreflightMsg:
		a.preflight(msg)
	}
}

// preflight says what the checks before any change found and, after
// warnings only, asks whether to install.
func (a *accessible) preflight(msg PreflightMsg) {
	a.say("Before any change:")
	for _, f := range msg.Findings {
		a.say(fmt.Sprintf("  %s: %s", f.Severity, f.Message))
		for _, l := range []string{f.Fix, f.Link} {
			if l != "" {
				a.say("    " + l)
			}
		}
	}
	if msg.Blocked || msg.Decide == nil {
		return
	}
	install := true
	if err := a.ask(huh.NewConfirm().Title("Install anyway?").Value(&install)); err != nil {
		install = false
	}
	msg.Decide <- install
}
