// Package wizard is almwiz's guided wizard: one Bubble Tea program of
// screens — welcome, planning questions, recommendation, details, review,
// sign-in — that ends with an install profile and, when the caller wires
// one, hands over to the live progress view (ui/progress).
//
// Screens are pure models. Everything with an effect — loading or
// exporting a profile, looking values up, signing in, running the install —
// runs in a tea.Cmd and reports back as a message.
package wizard

import (
	"context"
	"io"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/progress"

	tea "charm.land/bubbletea/v2"
)

// Options configure a wizard run. Only Input and Output are required.
type Options struct {
	// Preset or Profile, when set, start the wizard from that profile
	// instead of asking how to start (--preset, -f).
	Preset  string
	Profile *profiles.Profile
	// ProfilePath is where Profile was loaded from; the default export path.
	ProfilePath string
	// Installations, with Resume, list the installs kept in state
	// directories, which the welcome screen offers to resume inside the
	// wizard (naming each, its tenant and its progress); they replace
	// HasCheckpoint. May be nil.
	Installations func() []Installation
	Resume        Resume
	// HasCheckpoint reports whether a checkpoint was found in the state
	// directory; the welcome screen then offers to resume it. May be nil.
	HasCheckpoint func() bool
	// WriteFile writes an exported profile; nil means os.WriteFile with 0644
	// after checking the file does not exist unless overwrite is set.
	WriteFile func(path string, data []byte, overwrite bool) error
	// Lookup offers values found after sign-in (organizations, projects,
	// environments) as a list picker on the details screen. May be nil.
	Lookup Lookup
	// SignIn, when set, is offered after the recommendation ("Sign in now
	// to pick from your tenant"): it signs in to the admin's own tenant,
	// given the draft profile, reporting DeviceCodeMsg and SignedInMsg
	// through send; Install then reuses that sign-in. Find then reads what
	// the account can see, for the details' pickers and the review.
	SignIn func(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) error
	Find   func(ctx context.Context, p *profiles.Profile) Found
	// Install, when set, is called once the admin continues from Review:
	// it signs in (reporting DeviceCodeMsg and SignedInMsg through send),
	// starts the runner and returns its events. The wizard then shows the
	// progress view and the summary. When nil the wizard ends after Review.
	Install func(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, error)
	// Check, when set, lets the welcome screen check an existing
	// installation read-only (as almwiz doctor) and lead its fixable
	// findings to the review and Install.
	Check Check
	// SavedProfile, when set, returns the profile kept in the state
	// directory found, which Check can check; nil when there is none.
	SavedProfile func() (*profiles.Profile, error)
	// Control receives the admin's retry, skip and stop decisions during
	// the install; see progress.Action.
	Control func(progress.Action)
	// NoDecisions offers only to stop during the install, not to retry or
	// skip a failed step: the caller's runner stops at a failure.
	NoDecisions bool
	// StateDir is shown on the summary.
	StateDir string
	// NextFlags, when set, gives the flags that make the summary's next
	// commands (almwiz resume …) work as printed for the install of p.
	NextFlags func(p *profiles.Profile) string
	// PlanSummary, when set, gives the review's summary: the steps the
	// install takes, counted by service, with the admin role each needs.
	// When nil the review describes the profile instead.
	PlanSummary func(p *profiles.Profile) []string
	// Target says where the install goes, shown on the welcome screen, e.g.
	// "on the built-in sandbox (no Azure account)"; empty for the real cloud.
	Target string

	Accessible bool // huh's accessible mode and plain progress lines
	NoColor    bool // no colour at all (NO_COLOR, --no-color)
	Input      io.Reader
	Output     io.Writer
}

// Lookup returns the values of kind that the signed-in account can see,
// given the profile so far. It runs in a tea.Cmd, never in Update.
type Lookup func(ctx context.Context, kind LookupKind, p *profiles.Profile) ([]string, error)

// LookupKind is what a Lookup is asked for.
type LookupKind string

// What can be looked up after sign-in.
const (
	LookupOrganizations LookupKind = "organizations" // Azure DevOps organization URLs
	LookupProjects      LookupKind = "projects"      // project names in the first organization
	LookupEnvironments  LookupKind = "environments"  // Dataverse environment URLs
)

// Start is how the admin chose to begin.
type Start string

// The ways to start.
const (
	StartScratch Start = "scratch"
	StartPreset  Start = "preset"
	StartFile    Start = "file"
	StartResume  Start = "resume"
	StartCheck   Start = "check" // check an existing installation
)

// Result is what the wizard decided.
type Result struct {
	Start    Start
	Profile  *profiles.Profile // nil when the admin quit early or chose to resume
	Exported string            // the file the profile was exported to, if any
	Install  bool              // the admin chose to continue to the install
	Resume   bool              // the admin chose to resume the checkpoint
	Summary  *steps.Summary    // the install's outcome, when Install was wired and ran
	Checked  *steps.Report     // the check's report, when the admin checked an installation
}

// DeviceCodeMsg tells the sign-in screen to show a device code for a tenant.
type DeviceCodeMsg struct {
	Tenant string // tenant domain
	Code   string
	URL    string
}

// SignedInMsg tells the sign-in screen that a tenant's sign-in finished:
// the account, the admin roles found, and what the account cannot do
// (each line says who must do it).
type SignedInMsg struct {
	Tenant  string
	Account string
	Roles   []string
	Missing []string
}

// PreflightMsg tells the sign-in screen what the checks before any change
// found (steps.Preflight). The install waits for the admin's answer on
// Decide: true to install, false to stop with nothing changed. With a
// blocker not ignored the only answer is to stop.
type PreflightMsg struct {
	Findings []steps.Finding
	Blocked  bool
	Decide   chan<- bool
}

// SignInFailedMsg tells the sign-in screen that signing in to a tenant failed.
type SignInFailedMsg struct {
	Tenant string
	Err    error
}

// Run runs the wizard on the terminal given by opts.Input and
// opts.Output (never opening /dev/tty itself), or as accessible line
// prompts when opts.Accessible is set.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Accessible {
		return runAccessible(ctx, opts)
	}
	m := New(ctx, opts)
	p := tea.NewProgram(m, programOptions(ctx, opts)...)
	m.send = p.Send
	final, err := p.Run()
	if err != nil {
		return Result{}, err
	}
	fm := final.(*Model)
	return fm.result, fm.err
}
