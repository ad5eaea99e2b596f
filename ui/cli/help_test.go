package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Each command's help lists only the shared flags it reads (issue 13 item
// 6: `sandbox serve --help` listed --preset, --scope and --profile), and
// every command says which those are.
func TestEachCommandsHelpListsOnlyTheFlagsItUses(t *testing.T) {
	ran := false
	root := newRoot(DefaultOptions(), "test", &ran)
	flagName := regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([a-z-]+)`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub)
			}
		}
		if _, ok := sharedFlagsUsed[c.CommandPath()]; !ok {
			t.Errorf("%s: not in sharedFlagsUsed — say which shared flags it reads", c.CommandPath())
		}
		r := run(t, nil, append(strings.Fields(strings.TrimPrefix(c.CommandPath(), "almwiz")), "--help")...)
		var listed []string
		for _, m := range flagName.FindAllStringSubmatch(r.stdout, -1) {
			listed = append(listed, m[1])
		}
		root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
			if uses, shows := usesSharedFlag(c, f.Name), slices.Contains(listed, f.Name); uses != shows {
				t.Errorf("%s --help: lists --%s %t, but the command reads it %t", c.CommandPath(), f.Name, shows, uses)
			}
		})
	}
	walk(root)
	r := run(t, nil, "sandbox", "serve", "--help")
	for _, ignored := range []string{"--preset", "--scope", "--profile", "--state-dir", "--yes"} {
		if strings.Contains(r.stdout, ignored) {
			t.Errorf("sandbox serve --help offers %s, which it ignores:\n%s", ignored, r.stdout)
		}
	}
}
