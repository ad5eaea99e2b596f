package cli

import "github.com/spf13/cobra"

// lifecycleCommand builds a command of the install lifecycle. Until the
// steps issue lands it validates its profile (so bad input still exits 2)
// and says which issue brings it.
func lifecycleCommand(o *Options, use, short, long, example string) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Long: long, Example: example, GroupID: "install",
		Args: cobra.MaximumNArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Profile != "" || o.Preset != "" {
				if _, err := o.loadProfile(nil); err != nil {
					return err
				}
			}
			return &NotYetError{Command: cmd.Name(), Issue: "#5 (steps: plan, runner, checkpoints)"}
		},
	}
}

func newPlan(o *Options) *cobra.Command {
	return lifecycleCommand(o, "plan", "Show what an install would create, change or leave alone",
		`Plan observes the cloud (or the sandbox) and lists, for every step of the
installation, whether it would be created, changed or left alone, grouped by
service and by the admin role each part needs. It changes nothing.`,
		`  almwiz plan -f contoso.yaml
  almwiz plan --preset demo --sandbox --output json`)
}

func newApply(o *Options) *cobra.Command {
	return lifecycleCommand(o, "apply", "Provision the installation a profile describes",
		`Apply provisions Microsoft Entra, Azure DevOps and Power Platform as the
profile says, with live progress and a checkpoint after every step: interrupt it
at any time and run almwiz resume. It asks for confirmation unless --yes.`,
		`  almwiz apply -f contoso.yaml
  almwiz apply -f contoso.yaml --scope entra          # the Entra admins' part
  almwiz apply --preset demo --sandbox --no-input --yes`)
}

func newResume(o *Options) *cobra.Command {
	return lifecycleCommand(o, "resume", "Finish an interrupted install from its checkpoint",
		`Resume re-observes what the checkpoint says is done, then carries on where the
last run stopped, without creating anything twice.`,
		`  almwiz resume -f contoso.yaml`)
}

func newStatus(o *Options) *cobra.Command {
	return lifecycleCommand(o, "status", "Show each step of the install: done, failed or pending, and when",
		`Status reads the checkpoint in the state directory and shows each step.`,
		`  almwiz status -f contoso.yaml --output json`)
}

func newDestroy(o *Options) *cobra.Command {
	return lifecycleCommand(o, "destroy", "Remove what the installation created, and nothing else",
		`Destroy removes, in reverse order, only what this installation created —
never what it found already there — after a confirmation that names each item.`,
		`  almwiz destroy -f contoso.yaml`)
}

func newRotateSecret(o *Options) *cobra.Command {
	return lifecycleCommand(o, "rotate-secret", "Replace the client secret in every service connection, then remove the old one",
		`Client secrets expire. rotate-secret adds a new secret to the app
registration, updates every consumer (service connections, the custom
connector) and removes the old secret.`,
		`  almwiz rotate-secret -f contoso.yaml`)
}
