// Package cli is almwiz's command tree: every command and flag of the
// contract in DESIGN.md, each with help text and an example.
package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
)

// Execute runs almwiz with args. Errors carry their exit code (an
// ExitCode() int method); a mistake in the command line itself is a
// *UsageError.
func Execute(ctx context.Context, o *Options, version string, args []string) error {
	ran := false
	o.Version = version
	o.ctx = ctx
	root := newRoot(o, version, &ran)
	root.SetArgs(args)
	root.SetIn(o.Stdin)
	root.SetOut(o.Stdout)
	root.SetErr(o.Stderr)
	err := root.ExecuteContext(ctx)
	var coded interface{ ExitCode() int }
	if err != nil && !ran && !errors.As(err, &coded) {
		return &UsageError{Msg: err.Error(), Hint: "Run almwiz --help for the commands and flags."}
	}
	return err
}

func newRoot(o *Options, version string, ran *bool) *cobra.Command {
	root := &cobra.Command{
		Use:   "almwiz",
		Short: "Install the ALM Accelerator for Power Platform, guided and resumable",
		Long: `almwiz installs Microsoft's ALM Accelerator for Power Platform: the Entra app
registration and makers group, the Azure DevOps project, templates, pipelines,
variable group, service connections and permissions, and the Power Platform
environments, application users and solution — guided, resumable and repeatable.

Run it with no arguments on a terminal for the guided wizard. Try it without an
Azure account on the built-in sandbox cloud: almwiz --sandbox.

Microsoft has deprecated the ALM Accelerator in favour of Pipelines for Power
Platform; almwiz installs its last documented release (March 2024).`,
		Example: `  almwiz                                  # the guided wizard
  almwiz --sandbox                        # the wizard against the built-in sandbox
  almwiz recommend --answer tenant.users=1000+
  almwiz validate -f contoso.yaml
  almwiz apply -f contoso.yaml --scope entra`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			*ran = true
			if err := o.fromEnvironment(cmd); err != nil {
				return err
			}
			return o.check()
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return runDefault(cmd, o) },
	}
	o.bind(root.PersistentFlags())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Msg: err.Error(), Hint: "Run almwiz --help for the flags."}
	})
	root.AddGroup(&cobra.Group{ID: "install", Title: "Install:"}, &cobra.Group{ID: "prepare", Title: "Prepare and review:"}, &cobra.Group{ID: "tools", Title: "Tools:"})
	root.AddCommand(
		newWizard(o), newPlan(o), newApply(o), newResume(o), newStatus(o), newDoctor(o), newDestroy(o), newRotateSecret(o),
		newRecommend(o), newValidate(o), newImportCoE(o), newSchema(o),
		newSandbox(o), newVersion(o, version),
	)
	root.SetCompletionCommandGroupID("tools")
	root.SetHelpCommandGroupID("tools")
	return root
}

// runDefault is `almwiz` with no command: the wizard on a terminal; else
// exit 2 saying why, as almwiz wizard does (never a prompt read from a pipe).
func runDefault(cmd *cobra.Command, o *Options) error {
	if o.IsTTY() && !o.NoInput {
		return runWizard(cmd, o)
	}
	return usagef(noTerminalHint+" almwiz --help lists the commands.", "almwiz with no command starts the wizard, which needs a terminal and input")
}
