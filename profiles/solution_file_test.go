package profiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// solution.file is relative to the profile's directory, wherever almwiz is
// run from, and validate checks that it is there and is a zip.
func TestSolutionFileResolvesFromTheProfilesDirectory(t *testing.T) {
	base, _ := PresetSource("enterprise")
	dir := t.TempDir()
	profile := strings.Replace(string(base), "  source: release\n", "  source: file\n  file: alm.zip\n", 1)
	path := filepath.Join(dir, "contoso.yaml")
	if err := os.WriteFile(path, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); err == nil || !strings.Contains(err.Error(), "solution.file") {
		t.Fatalf("LoadFile() without the zip = %v, want a problem at solution.file", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "alm.zip"), []byte("PK\x03\x04rest"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.SolutionFile(); got != filepath.Join(dir, "alm.zip") {
		t.Errorf("SolutionFile() = %s, want %s", got, filepath.Join(dir, "alm.zip"))
	}
}

func TestASourceNamedInTrustedSourcesIsAcceptedAndShown(t *testing.T) {
	base, _ := PresetSource("enterprise")
	fork := "https://github.com/contoso/coe-alm-accelerator-templates"
	data := strings.Replace(string(base), "repository: "+DefaultTemplateRepository, "repository: "+fork, 1)
	data = strings.Replace(data, "  appUserRole: System Administrator", "  appUserRole: System Administrator\n  trustedSources: [\""+fork+".git\"]", 1)
	p, err := Load([]byte(data), "fork.yaml")
	if err != nil {
		t.Fatal(err)
	}
	u := p.Untrusted()
	if len(u) != 1 || u[0].URL != fork || !strings.Contains(u[0].String(), "NOT Microsoft's") || !strings.Contains(u[0].String(), "@ "+DefaultTemplateRef) {
		t.Errorf("Untrusted() = %+v", u)
	}
}
