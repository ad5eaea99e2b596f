package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"almwiz/profiles"
)

// Two installations with one metadata.name share .almwiz/<name>: the second
// is refused (exit 2), naming both tenants and organizations and the fix,
// instead of mixing its steps into the first one's checkpoint.
func TestE2EAStateDirectoryOfAnotherTenantIsRefused(t *testing.T) {
	dir := t.TempDir()
	data, err := profiles.PresetSource("demo")
	if err != nil {
		t.Fatal(err)
	}
	fabrikam := filepath.Join(dir, "fabrikam.yaml") // metadata.name is still demo
	if err := os.WriteFile(fabrikam, []byte(strings.ReplaceAll(string(data), "contosodemo", "fabrikamdemo")), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, ".almwiz", "demo")
	if _, stderr, code := almwiz(t, nil, "apply", "-f", fabrikam, "--sandbox", "--state-dir", state, "--no-input", "--yes"); code != 0 {
		t.Fatalf("fabrikam: exit %d\n%s", code, stderr)
	}
	_, stderr, code := almwiz(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", state, "--no-input", "--yes")
	if code != 2 {
		t.Fatalf("contoso in fabrikam's state directory: exit %d, want 2\n%s", code, stderr)
	}
	for _, want := range []string{"fabrikamdemo.onmicrosoft.com", "https://dev.azure.com/fabrikamdemo", "contosodemo.onmicrosoft.com",
		"https://dev.azure.com/contosodemo", "--state-dir", "metadata.name"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the refusal does not name %q:\n%s", want, stderr)
		}
	}
}
