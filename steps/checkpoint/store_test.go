package checkpoint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{Command: "almwiz apply -f team.yaml", Profile: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func setStatus(id string, status Status) func(*State) {
	return func(st *State) { st.Step(id).Status = status }
}

func TestSaveKeepsThePreviousVersionAsBackupWithMode0600(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if err := s.Update(setStatus("a", StatusRunning)); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(setStatus("a", StatusDone)); err != nil {
		t.Fatal(err)
	}
	cur, _ := Load(dir)
	bak, err := os.ReadFile(filepath.Join(dir, BackupName))
	if err != nil {
		t.Fatal(err)
	}
	prev, _ := Parse(bak)
	if cur.Steps["a"].Status != StatusDone || prev.Steps["a"].Status != StatusRunning || cur.Profile != "contoso" {
		t.Errorf("state.json %s, backup %s", cur.Steps["a"].Status, prev.Steps["a"].Status)
	}
	for _, name := range []string{FileName, BackupName, LockName} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, fi.Mode().Perm())
		}
	}
}

func TestCrashMidSaveLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if err := s.Update(setStatus("a", StatusDone)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	s.disk = renameFails{osDisk{}}
	if err := s.Update(setStatus("a", StatusFailed)); err == nil {
		t.Fatal("Update succeeded though the rename failed")
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if string(after) != string(before) {
		t.Errorf("state.json changed by a failed save:\n%s", after)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// renameFails is the real disk, except that replacing state.json fails.
type renameFails struct{ osDisk }

func (renameFails) Rename(oldpath, newpath string) error {
	if filepath.Base(newpath) == FileName {
		return errors.New("power cut")
	}
	return os.Rename(oldpath, newpath)
}

func TestCorruptCheckpointIsReportedNeverReplaced(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		backup   bool
		wantText []string
	}{
		{"broken JSON with a backup", "{\n  \"schemaVersion\": 1,\n  \"steps\": {,\n}", true,
			[]string{"state.json cannot be read", "line 3, column 13", "state.json.bak", "cp "}},
		{"unknown status", `{"schemaVersion":1,"steps":{"a":{"status":"exploded"}}}`, false,
			[]string{`step "a": unknown status "exploded"`, "There is no backup"}},
		{"newer schema", `{"schemaVersion":9,"steps":{}}`, false, []string{"newer almwiz"}},
		{"truncated by a full disk", `{"schemaVers`, true, []string{"not valid JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			_ = os.WriteFile(path, []byte(tt.content), 0o600)
			if tt.backup {
				_ = os.WriteFile(filepath.Join(dir, BackupName), []byte(`{"schemaVersion":1,"steps":{}}`), 0o600)
			}
			_, err := Open(dir, Options{})
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Path != path || (ce.Backup != "") != tt.backup {
				t.Fatalf("Open() = %v, want CorruptError for %s", err, path)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if data, _ := os.ReadFile(path); string(data) != tt.content {
				t.Errorf("the corrupt file was changed")
			}
			if _, err := Acquire(dir, "next"); err != nil {
				t.Errorf("the lock was not released after the corrupt load: %v", err)
			}
		})
	}
}

func TestMemoryStoreWritesNothing(t *testing.T) {
	s := Memory("p", "h")
	if err := s.Update(setStatus("a", StatusDone)); err != nil {
		t.Fatal(err)
	}
	if s.Dir() != "" || s.State().Steps["a"].Status != StatusDone {
		t.Errorf("memory store: %+v", s.State())
	}
}

func TestParseReadsEveryField(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "seed", "full.json"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	app := st.Steps["entra/app-registration"]
	project := st.Steps["devops/contoso/alm/project"]
	if st.Profile != "contoso" || app.Outputs["appId"] == "" || !app.CreatedByUs || app.FoundExisting == nil || *app.FoundExisting ||
		project.Operation == "" || project.Attempts != 2 || len(st.PendingSecrets) != 1 {
		t.Errorf("parsed %+v", st)
	}
}
