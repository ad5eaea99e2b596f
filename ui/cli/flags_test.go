package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// helpFlags are the long flags a command's --help lists, its own and the
// global ones.
func helpFlags(t *testing.T, args ...string) []string {
	t.Helper()
	r := run(t, nil, append(args, "--help")...)
	if r.code != 0 {
		t.Fatalf("%v --help: exit %d %v", args, r.code, r.err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([a-z-]+)`).FindAllStringSubmatch(r.stdout, -1) {
		if m[1] != "help" {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// Each command's --help lists only the flags it uses (issue 13): sandbox
// serve no profile, scope or target; recommend no state directory; the
// commands that print the install's next commands every flag those carry.
func TestEveryCommandListsOnlyTheFlagsItUses(t *testing.T) {
	profile := []string{"preset", "profile"}
	target := []string{"client-id", "debug", "sandbox", "sandbox-ca", "sandbox-url"}
	install := concat(profile, target, []string{"accessible", "no-input", "output", "scope", "state-dir", "yes"})
	want := map[string][]string{
		"":              concat(profile, target, []string{"accessible", "no-input", "state-dir", "version"}),
		"wizard":        concat(profile, target, []string{"accessible", "no-input", "state-dir"}),
		"plan":          concat(profile, target, []string{"detailed-exitcode", "output", "scope", "state-dir"}),
		"apply":         install,
		"resume":        install,
		"rotate-secret": install,
		"status":        concat(profile, target, []string{"output", "scope", "state-dir"}),
		"doctor":        concat(profile, target, []string{"no-input", "output", "scope", "state-dir", "warn-days"}),
		"destroy":       concat(profile, target, []string{"accessible", "no-input", "output", "scope", "state-dir", "yes"}),
		"recommend":     concat(profile, []string{"answer", "list", "output"}),
		"validate":      concat(profile, []string{"output", "state-dir"}),
		"import-coe":    {"file", "force", "name", "tenant"},
		"schema":        {"file", "force"},
		"sandbox":       nil,
		"sandbox serve": {"addr", "approve-after", "data", "faults", "latency", "operation-delay", "replication-lag", "seed", "world"},
		"version":       {"output"},
	}
	for cmd, flags := range want {
		got := helpFlags(t, strings.Fields(cmd)...)
		flags = append(concat(flags, []string{"no-color"}), lifecycleOnly(cmd)...)
		slices.Sort(flags)
		if !slices.Equal(got, flags) {
			t.Errorf("almwiz %s --help lists %v, want %v", cmd, got, flags)
		}
	}
}

// lifecycleOnly are the flags only the commands that run steps take.
func lifecycleOnly(cmd string) []string {
	switch cmd {
	case "apply", "resume", "rotate-secret":
		return []string{"continue-on-error", "force-unlock", "ignore-preflight", "parallelism"}
	case "destroy":
		return []string{"continue-on-error", "force-unlock", "parallelism"}
	}
	return nil
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
