package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Groups of the shared flags (Options.bind), by what a command does with
// them.
var (
	flagsLook    = []string{"no-color", "accessible"}
	flagsProfile = []string{"profile", "preset"}
	flagsState   = []string{"state-dir"}
	flagsCloud   = []string{"sandbox", "sandbox-url", "sandbox-ca", "client-id", "debug", "no-input"}
	flagsOutput  = []string{"output"}
)

// sharedFlagsUsed names, by command path, the shared flags each command
// reads; its help lists only those (issue 13: `sandbox serve` listed
// --preset, --scope and --profile). The others are still accepted, so
// that "the same flags" work across commands (the summary's next
// commands), but a command's help does not offer what it ignores.
var sharedFlagsUsed = map[string][][]string{
	"almwiz":               {flagsLook, flagsProfile, flagsState, flagsCloud},
	"almwiz wizard":        {flagsLook, flagsProfile, flagsState, flagsCloud},
	"almwiz plan":          {flagsLook, flagsProfile, flagsState, flagsOutput, {"scope"}},
	"almwiz apply":         {flagsLook, flagsProfile, flagsState, flagsCloud, flagsOutput, {"scope", "yes"}},
	"almwiz resume":        {flagsLook, flagsProfile, flagsState, flagsCloud, flagsOutput, {"scope", "yes"}},
	"almwiz status":        {flagsLook, flagsProfile, flagsState, flagsOutput, {"scope"}},
	"almwiz doctor":        {flagsLook, flagsProfile, flagsState, flagsCloud, flagsOutput, {"scope"}},
	"almwiz destroy":       {flagsLook, flagsProfile, flagsState, flagsCloud, flagsOutput, {"scope", "yes"}},
	"almwiz rotate-secret": {flagsLook, flagsProfile, flagsState, flagsCloud, flagsOutput, {"yes"}},
	"almwiz recommend":     {flagsLook, flagsProfile, flagsOutput},
	"almwiz validate":      {flagsLook, flagsProfile, flagsOutput},
	"almwiz import-coe":    {flagsLook},
	"almwiz schema":        {flagsLook},
	"almwiz sandbox":       {flagsLook},
	"almwiz sandbox serve": {flagsLook},
	"almwiz version":       {flagsLook, flagsOutput},
}

// usesSharedFlag reports whether cmd reads the shared flag name; commands
// not in the table (help, completion) read only the look of the output.
func usesSharedFlag(cmd *cobra.Command, name string) bool {
	groups, ok := sharedFlagsUsed[cmd.CommandPath()]
	if !ok {
		groups = [][]string{flagsLook}
	}
	for _, g := range groups {
		for _, n := range g {
			if n == name {
				return true
			}
		}
	}
	return false
}

// flagUsages lists the flags of fs that cmd uses: its own, and the shared
// ones it reads.
func flagUsages(cmd *cobra.Command, fs *pflag.FlagSet) string {
	shared := cmd.Root().PersistentFlags()
	kept := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	fs.VisitAll(func(f *pflag.Flag) {
		if shared.Lookup(f.Name) == f && !usesSharedFlag(cmd, f.Name) {
			return
		}
		kept.AddFlag(f)
	})
	return strings.TrimRight(kept.FlagUsages(), " \n")
}

func init() {
	cobra.AddTemplateFunc("localFlagUsages", func(c *cobra.Command) string { return flagUsages(c, c.LocalFlags()) })
	cobra.AddTemplateFunc("globalFlagUsages", func(c *cobra.Command) string { return flagUsages(c, c.InheritedFlags()) })
}

// usageTemplate is cobra's, with each command's flags limited to the ones
// it uses (flagUsages).
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Available Commands:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Additional Commands:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{with localFlagUsages .}}

Flags:
{{.}}{{end}}{{with globalFlagUsages .}}

Global Flags:
{{.}}{{end}}{{if .HasHelpSubCommands}}

Additional help topics:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}
`
