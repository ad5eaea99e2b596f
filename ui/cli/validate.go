package cli

import (
	"errors"
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newValidate(o *Options) *cobra.Command {
	return &cobra.Command{
		Use: "validate [FILE]", Short: "Check a profile and list every problem at once", GroupID: "prepare",
		Args: cobra.MaximumNArgs(1),
		Long: `Validate checks an install profile without signing in: every problem is
listed at once with its field path and line:column. Exit 0 when valid, 2 when not.
With --output yaml it prints the profile (a preset with its comments), so a
preset can be the start of your own file.`,
		Example: `  almwiz validate -f contoso.yaml
  almwiz validate --preset enterprise
  almwiz validate --preset demo --output yaml > demo.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := o.loadProfile(args)
			var inv *profiles.InvalidError
			if err != nil && !errors.As(err, &inv) {
				return err
			}
			return reportValidation(o, p, inv)
		},
	}
}

func reportValidation(o *Options, p *profiles.Profile, inv *profiles.InvalidError) error {
	if o.Output == "json" {
		res := map[string]any{"valid": inv == nil, "problems": []profiles.Problem{}}
		if inv != nil {
			res["problems"] = inv.Problems
		} else {
			res["name"] = p.Metadata.Name
		}
		if err := writeJSON(o.Stdout, res); err != nil {
			return err
		}
		if inv != nil {
			return &SilentError{Code: ExitUsage}
		}
		return nil
	}
	if inv != nil {
		return inv
	}
	if o.Output == "yaml" {
		return printProfileYAML(o, p)
	}
	s := theme.Default(true)
	fprintf(o.out(), "%s %s is valid: %s tenant model, %s Azure DevOps model, %s, %s, %s\n",
		s.Good.Render(theme.MarkDone), p.Metadata.Name, p.Models.Tenant, p.Models.DevOps,
		count(len(p.Tenants), "tenant"), count(len(p.DevOps.Organizations), "organization"), count(len(p.Environments), "environment"))
	return nil
}

func printProfileYAML(o *Options, p *profiles.Profile) error {
	if o.Preset != "" {
		data, err := profiles.PresetSource(o.Preset)
		if err != nil {
			return err
		}
		_, err = o.Stdout.Write(data)
		return err
	}
	data, err := profiles.Export(p)
	if err != nil {
		return err
	}
	_, err = o.Stdout.Write(data)
	return err
}

func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(noun, "s"))
}
