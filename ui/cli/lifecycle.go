package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"almwiz/profiles"
	"almwiz/steps"

	"github.com/spf13/cobra"
)

// runFlags adds the flags of the commands that run the plan.
func runFlags(cmd *cobra.Command, o *Options) *cobra.Command {
	cmd.Flags().IntVar(&o.Parallelism, "parallelism", 0, fmt.Sprintf("how many steps run at once (1: one at a time; default %d)", steps.DefaultParallelism))
	cmd.Flags().BoolVar(&o.ContinueOnError, "continue-on-error", false, "run every step that does not depend on a failed one")
	cmd.Flags().StringArrayVar(&o.IgnorePreflight, "ignore-preflight", nil, "go on past the preflight blocker with this check `ID` (dlp-connectors, licences, hosted-parallelism); repeatable")
	cmd.Flags().StringVar(&o.ForceUnlock, "force-unlock", "", "break a stale lock on the state directory, naming its `ID` (shown by the run that found it locked)")
	return cmd
}

func newApply(o *Options) *cobra.Command {
	return runFlags(&cobra.Command{
		Use: "apply [FILE]", Short: "Provision the installation a profile describes", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Apply provisions Microsoft Entra, Azure DevOps and Power Platform as the
profile says, with live progress and a checkpoint after every step: interrupt it
at any time and run almwiz resume. Every step observes first and changes only
what differs, so running apply again changes nothing. It asks for confirmation
unless --yes; without a terminal (or with --no-input) it cannot ask, and
refuses to start unless --yes is given.

Against a sandbox (--sandbox, --sandbox-url) apply first seeds it with what the
profile declares as already existing, so a real profile can be rehearsed.`,
		Example: `  almwiz apply -f contoso.yaml
  almwiz apply -f contoso.yaml --scope entra          # the Entra admins' part
  almwiz apply --preset demo --sandbox --no-input --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInstall(cmd, o, args, runMode{command: "apply"})
		},
	}, o)
}

func newResume(o *Options) *cobra.Command {
	return runFlags(&cobra.Command{
		Use: "resume [FILE]", Short: "Finish an interrupted install from its checkpoint", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Resume re-observes what the checkpoint says is done, re-attaches to
long-running operations it recorded, and carries on where the last run stopped,
without creating anything twice.`,
		Example: `  almwiz resume -f contoso.yaml
  almwiz resume --preset demo --sandbox --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInstall(cmd, o, args, runMode{command: "resume", resume: true})
		},
	}, o)
}

func newRotateSecret(o *Options) *cobra.Command {
	return runFlags(&cobra.Command{
		Use: "rotate-secret [FILE]", Short: "Replace the client secret in every consumer, then remove the old one", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Client secrets expire. rotate-secret adds a new secret to the app
registration, updates every service connection and the custom connector in
place, and then removes the old secret. almwiz never keeps a copy of a secret.`,
		Example: `  almwiz rotate-secret -f contoso.yaml --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInstall(cmd, o, args, runMode{command: "rotate-secret", rotate: true})
		},
	}, o)
}

// profileHash identifies the profile's content in the checkpoint.
func profileHash(s *session) (string, error) {
	data, err := profiles.Export(s.profile)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
