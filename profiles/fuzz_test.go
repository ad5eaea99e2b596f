package profiles

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the profile and answers loaders: they
// must never panic, must fail only with *InvalidError, and whatever loads
// must export and load again.
func FuzzLoad(f *testing.F) {
	for _, name := range PresetNames() {
		data, _ := PresetSource(name)
		f.Add(data)
	}
	files, _ := filepath.Glob("../testdata/profiles/*.yaml")
	for _, file := range files {
		data, _ := os.ReadFile(file)
		f.Add(data)
	}
	f.Add([]byte("answers: {tenant.users: 1-5}"))
	f.Add([]byte("a: &x [*x, *x]\n"))
	broken, _ := filepath.Glob("../testdata/profiles-broken/*.yaml")
	for _, file := range broken {
		data, _ := os.ReadFile(file)
		f.Add(data)
	}
	f.Add([]byte("metadata: {name: \"a\\u202eb\", description: \"https://u:p@x/ ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(data, "fuzz")
		var inv *InvalidError
		if err != nil && !errors.As(err, &inv) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if err == nil {
			out, err := Export(p)
			if err != nil {
				t.Fatalf("loaded profile does not export: %v", err)
			}
			if _, err := Load(out, "re-export"); err != nil {
				t.Fatalf("exported profile does not load: %v\n%s", err, out)
			}
		}
		if _, err := LoadAnswers(data, "fuzz"); err != nil && !errors.As(err, &inv) {
			t.Fatalf("answers error of type %T: %v", err, err)
		}
	})
}
