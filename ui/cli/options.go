package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/cloud"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Options are the flags every command shares (DESIGN.md "Common flags").
// Each can also be set as ALMWIZ_<FLAG> in the environment; a flag on the
// command line wins.
type Options struct {
	Profile         string
	Preset          string
	StateDir        string
	Output          string
	NoInput         bool
	Yes             bool
	Scope           string
	Sandbox         bool
	SandboxURL      string
	SandboxCA       string
	NoColor         bool
	Accessible      bool
	Debug           bool
	ClientID        string
	Parallelism     int
	ContinueOnError bool
	ForceUnlock     string
	IgnorePreflight []string

	Version string // almwiz's version, for the User-Agent
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
	IsTTY   func() bool // stdin and stdout are both terminals

	ctx context.Context // the command's; it ends on a signal
}

// context is the command's context: it ends on SIGINT or SIGTERM.
func (o *Options) context() context.Context {
	if o.ctx == nil {
		return context.Background()
	}
	return o.ctx
}

func (o *Options) bind(fs *pflag.FlagSet) {
	fs.StringVarP(&o.Profile, "profile", "f", "", "install profile `FILE` (YAML)")
	fs.StringVar(&o.Preset, "preset", "", "use a built-in profile: demo, enterprise or multi-tenant")
	fs.StringVar(&o.StateDir, "state-dir", "", "checkpoint `DIR` (default .almwiz/<profile name> beside the profile)")
	fs.StringVarP(&o.Output, "output", "o", "text", "output format: text, json or ndjson")
	fs.BoolVar(&o.NoInput, "no-input", false, "never prompt; fail naming the flag or key that is missing (on with CI=true)")
	fs.BoolVar(&o.Yes, "yes", false, "do not ask for confirmation")
	fs.StringVar(&o.Scope, "scope", "", "apply only one admin team's part: entra, devops or powerplatform")
	fs.BoolVar(&o.Sandbox, "sandbox", false, "run against the built-in sandbox cloud (no Azure account needed)")
	fs.StringVar(&o.SandboxURL, "sandbox-url", "", "run against an external sandbox at `URL` (almwiz sandbox serve)")
	fs.StringVar(&o.SandboxCA, "sandbox-ca", "", "CA certificate `FILE` of the external sandbox")
	fs.BoolVar(&o.NoColor, "no-color", false, "no colour (also NO_COLOR=1)")
	fs.BoolVar(&o.Accessible, "accessible", false, "screen-reader friendly prompts and output, no animation (also ACCESSIBLE=1)")
	fs.BoolVar(&o.Debug, "debug", false, "log every request, with secrets and tokens redacted")
	fs.StringVar(&o.ClientID, "client-id", "", "public client `ID` to sign in with (default: the Azure CLI's, pre-authorized for Graph, Azure DevOps and Power Platform)")
}

// fromEnvironment fills every flag not given on the command line from its
// ALMWIZ_* variable, then applies CI, NO_COLOR, ACCESSIBLE and TERM=dumb.
func (o *Options) fromEnvironment(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		name := "ALMWIZ_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v := o.Getenv(name)
		if f.Changed || v == "" || err != nil {
			return
		}
		if e := f.Value.Set(v); e != nil {
			err = usagef("Unset it, or give a valid value.", "environment variable %s=%q: %v", name, v, e)
		}
	})
	if o.Getenv("CI") != "" && o.Getenv("CI") != "false" && o.Getenv("CI") != "0" {
		o.NoInput = true
	}
	o.NoColor = o.NoColor || theme.NoColor(o.Getenv)
	o.Accessible = o.Accessible || o.Getenv("ACCESSIBLE") != "" || o.Getenv("TERM") == "dumb"
	return err
}

func (o *Options) check() error {
	switch o.Output {
	case "text", "json", "ndjson", "yaml":
	default:
		return usagef("Use --output text, json or ndjson (yaml for validate).", "--output %q is not a known format", o.Output)
	}
	switch o.Scope {
	case "", "entra", "devops", "powerplatform":
	default:
		return usagef("Use --scope entra, devops or powerplatform.", "--scope %q is not a part of the install", o.Scope)
	}
	if o.Profile != "" && o.Preset != "" {
		return usagef("Give one of them.", "--profile and --preset both name a profile")
	}
	if o.Sandbox && o.SandboxURL != "" {
		return usagef("Use --sandbox for the built-in one, or --sandbox-url for one started with almwiz sandbox serve.", "--sandbox and --sandbox-url both name a sandbox")
	}
	if o.SandboxURL != "" {
		return cloud.CheckLoopback("--sandbox-url (ALMWIZ_SANDBOX_URL)", o.SandboxURL)
	}
	return nil
}

// out returns standard output, reduced to plain text where colour is off.
func (o *Options) out() io.Writer { return theme.Writer(o.Stdout, o.NoColor) }

// errOut returns standard error, reduced likewise.
func (o *Options) errOut() io.Writer { return theme.Writer(o.Stderr, o.NoColor) }

// loadProfile loads the profile named by --profile or --preset, or by path
// when given as an argument, or else the copy kept in --state-dir.
func (o *Options) loadProfile(args []string) (*profiles.Profile, error) {
	path := o.Profile
	if len(args) > 0 {
		if path != "" {
			return nil, usagef("Give the file once.", "the profile is named twice: -f %s and %s", path, args[0])
		}
		path = args[0]
	}
	switch {
	case o.Preset != "":
		return profiles.Preset(o.Preset)
	case path != "":
		return profiles.LoadFileContext(o.context(), path)
	case o.StateDir != "":
		saved := filepath.Join(o.StateDir, profileCopy)
		if _, err := os.Stat(saved); err != nil {
			return nil, usagef("Add -f profile.yaml or --preset NAME, or give the --state-dir of an install almwiz ran.", "no profile given, and %s holds no copy of one (%s)", o.StateDir, profileCopy)
		}
		return profiles.LoadFileContext(o.context(), saved)
	}
	return nil, usagef("Add -f profile.yaml, --preset demo (also: enterprise, multi-tenant), or the --state-dir of an install.", "no profile given")
}

func fprintf(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }

// DefaultOptions returns options bound to the process's streams and environment.
func DefaultOptions() *Options {
	return &Options{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTTY: isTerminal}
}
