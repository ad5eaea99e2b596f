package cli

import (
	"almwiz/profiles"

	"github.com/spf13/cobra"
)

func newSchema(o *Options) *cobra.Command {
	var file string
	var force bool
	cmd := &cobra.Command{
		Use: "schema", Short: "Print the JSON Schema of install profiles, for editors", GroupID: "prepare", Args: cobra.NoArgs,
		Long: `Schema prints the JSON Schema of almwiz install profiles. Exported profiles
start with a yaml-language-server modeline that points to ./almwiz.schema.json,
so editors with the YAML language server complete and check them.`,
		Example: `  almwiz schema --file almwiz.schema.json`,
		RunE: func(*cobra.Command, []string) error {
			data, err := profiles.JSONSchema()
			if err != nil {
				return err
			}
			if file == "" {
				_, err = o.Stdout.Write(append(data, '\n'))
				return err
			}
			return writeNewFile(file, append(data, '\n'), force, "--file")
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "write the schema to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "replace --file if it exists")
	return cmd
}
