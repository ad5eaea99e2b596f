package cli

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersion(o *Options, version string) *cobra.Command {
	return &cobra.Command{
		Use: "version", Short: "Print almwiz's version", GroupID: "tools", Args: cobra.NoArgs,
		Example: `  almwiz version
  almwiz version --output json`,
		RunE: func(*cobra.Command, []string) error {
			info := map[string]string{"version": version, "go": runtime.Version(), "platform": runtime.GOOS + "/" + runtime.GOARCH}
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" {
						info["commit"] = s.Value
					}
				}
			}
			if o.Output == "json" {
				return writeJSON(o.Stdout, info)
			}
			fprintf(o.Stdout, "almwiz %s (%s, %s)\n", version, info["go"], info["platform"])
			return nil
		},
	}
}
