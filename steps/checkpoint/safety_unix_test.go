//go:build unix

package checkpoint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A local user who can write beside a state directory plants links so that
// almwiz, running as an admin, overwrites a file of the admin's choosing.
func TestStateDirectoryRefusesPlantedLinks(t *testing.T) {
	cases := []struct {
		name  string
		plant func(t *testing.T, dir, victim string)
	}{
		{"lock.json is a link", func(t *testing.T, dir, victim string) {
			mkdir(t, dir)
			symlink(t, victim, filepath.Join(dir, LockName))
		}},
		{"state.json is a link", func(t *testing.T, dir, victim string) {
			mkdir(t, dir)
			symlink(t, victim, filepath.Join(dir, FileName))
		}},
		{"state.json.bak is a link", func(t *testing.T, dir, victim string) {
			mkdir(t, dir)
			symlink(t, victim, filepath.Join(dir, BackupName))
		}},
		{"profile.yaml is a link", func(t *testing.T, dir, victim string) {
			mkdir(t, dir)
			symlink(t, victim, filepath.Join(dir, "profile.yaml"))
		}},
		{"the state directory is a link", func(t *testing.T, dir, victim string) {
			other := filepath.Join(filepath.Dir(victim), "elsewhere")
			mkdir(t, other)
			symlink(t, other, dir)
		}},
		{"lock.json is a FIFO", func(t *testing.T, dir, victim string) {
			mkdir(t, dir)
			if err := syscall.Mkfifo(filepath.Join(dir, LockName), 0o600); err != nil {
				t.Skip(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			victim := filepath.Join(root, "victim")
			if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(root, "state")
			c.plant(t, dir, victim)
			s, err := Open(dir, Options{Command: "almwiz apply", Profile: "p"})
			if err == nil {
				_ = s.Update(func(st *State) { st.Profile = "changed" })
				_ = s.Close()
			}
			var ue *UnsafeError
			if !errors.As(err, &ue) {
				t.Errorf("Open() = %v, want an UnsafeError", err)
			} else if ue.ExitCode() != 2 || !strings.Contains(err.Error(), "Remove it") {
				t.Errorf("error %q (exit %d) does not say what to do", err, ue.ExitCode())
			}
			if got, _ := os.ReadFile(victim); string(got) != "precious\n" {
				t.Errorf("the link's target was overwritten: %q", got)
			}
		})
	}
}

func TestWriteFileNeverFollowsAPlantedTemporaryName(t *testing.T) {
	root := t.TempDir()
	victim := filepath.Join(root, "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "state")
	mkdir(t, dir)
	symlink(t, victim, filepath.Join(dir, "profile.yaml.tmp"))
	if err := WriteFile(dir, "profile.yaml", []byte("copy\n")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious\n" {
		t.Errorf("the link's target was overwritten: %q", got)
	}
	fi, err := os.Stat(filepath.Join(dir, "profile.yaml"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("profile.yaml: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

func TestOpenRemovesTemporaryFilesOfAKilledSave(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, FileName+".tmp-123456")
	if err := os.WriteFile(left, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{Command: "almwiz apply", Profile: "p"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there (%v)", left, err)
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
