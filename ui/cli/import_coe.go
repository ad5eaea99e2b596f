package cli

import (
	"almwiz/profiles"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newImportCoE(o *Options) *cobra.Command {
	var tenant, name, file string
	var force bool
	cmd := &cobra.Command{
		Use: "import-coe FILE", Short: "Turn a CoE CLI install configuration into an almwiz profile", GroupID: "prepare",
		Args: cobra.ExactArgs(1),
		Long: `import-coe converts the install configuration the CoE CLI wrote
(coe alm generate install -o install.json) into an almwiz profile. Every value it
changes, ignores or has to guess is reported as a warning; when the result does
not validate yet, a draft is written with what is missing at the top, and the
command exits 2.`,
		Example: `  almwiz import-coe install.json --tenant contoso.onmicrosoft.com --file contoso.yaml`,
		RunE: func(_ *cobra.Command, args []string) error {
			data, err := readInput(o, args[0])
			if err != nil {
				return err
			}
			imp, err := profiles.ImportCoE(data, profiles.CoEOptions{TenantDomain: tenant, Name: name})
			if err != nil {
				return err
			}
			return writeImport(o, imp, file, force)
		},
	}
	cmd.Flags().StringVar(&tenant, "tenant", "", "the tenant's `DOMAIN` (the CoE CLI used the Azure CLI's signed-in tenant)")
	cmd.Flags().StringVar(&name, "name", "", "profile name (default: the organization's)")
	cmd.Flags().StringVar(&file, "file", "", "write the profile to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "replace --file if it exists")
	return cmd
}

func writeImport(o *Options, imp *profiles.CoEImport, file string, force bool) error {
	s := theme.Default(true)
	ew := o.errOut()
	for _, w := range imp.Warnings {
		fprintf(ew, "%s %s\n", s.Warn.Render(theme.MarkWarning), w)
	}
	var data []byte
	var err error
	if len(imp.Problems) == 0 {
		data, err = profiles.Export(imp.Profile)
	} else {
		data, err = profiles.ExportDraft(imp.Profile, imp.Problems)
	}
	if err != nil {
		return err
	}
	if file == "" {
		_, err = o.Stdout.Write(data)
	} else {
		err = writeNewFile(file, data, force, "--file")
	}
	if err != nil {
		return err
	}
	if len(imp.Problems) > 0 {
		where := "the draft above"
		if file != "" {
			where = file
		}
		return &profiles.InvalidError{Source: "the imported profile (" + where + ")", Problems: imp.Problems}
	}
	if file != "" {
		fprintf(o.out(), "%s wrote %s — check it with: almwiz validate -f %s\n", s.Good.Render(theme.MarkDone), file, file)
	}
	return nil
}
