package cli

import "github.com/spf13/cobra"

func newWizard(o *Options) *cobra.Command {
	return &cobra.Command{
		Use: "wizard", Short: "The guided wizard: plan, recommend, collect details, install", GroupID: "install",
		Args: cobra.NoArgs,
		Long: `The wizard asks the planning questions of Microsoft's guidance, recommends a
tenant model and an Azure DevOps model and says why, collects the details,
shows the plan, signs in and installs with live progress. It needs a terminal;
without one, use almwiz apply -f profile.yaml --no-input.`,
		Example: `  almwiz wizard
  almwiz wizard --sandbox
  almwiz wizard --accessible`,
		RunE: func(cmd *cobra.Command, _ []string) error { return runWizard(cmd, o) },
	}
}

// runWizard starts the guided wizard.
func runWizard(_ *cobra.Command, o *Options) error {
	if !o.IsTTY() || o.NoInput {
		return usagef("Use almwiz apply -f profile.yaml --no-input, or run almwiz in a terminal.", "the wizard needs a terminal and input")
	}
	return &NotYetError{Command: "wizard", Issue: "#6 (the terminal UI)"}
}
