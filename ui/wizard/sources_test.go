package wizard

import (
	"strings"
	"testing"

	"almwiz/profiles"
	"almwiz/ui/theme"
)

func TestReviewShowsSourcesThatAreNotMicrosofts(t *testing.T) {
	p, err := profiles.Preset("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summaryLines(theme.NewUI(true), p, 120), "\n"); strings.Contains(got, "not from Microsoft") {
		t.Errorf("Microsoft's sources are flagged:\n%s", got)
	}
	fork := "https://github.com/someone/coe-alm-accelerator-templates"
	p.DevOps.Organizations[0].Projects[0].Templates.Repository = fork
	p.Options.TrustedSources = []string{fork}
	for name, lines := range map[string][]string{
		"summary": summaryLines(theme.NewUI(true), p, 300),
		"plan":    planLines(theme.NewUI(true), p, []string{"Azure DevOps: 12 steps"}, 300),
	} {
		got := strings.Join(lines, "\n")
		if !strings.Contains(got, "Sources not from Microsoft") || !strings.Contains(got, fork+" @ "+profiles.DefaultTemplateRef) {
			t.Errorf("%s does not show the fork and its ref:\n%s", name, got)
		}
	}
}
