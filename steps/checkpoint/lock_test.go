package checkpoint

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSecondRunGetsLockedErrorSayingWhoHoldsIt(t *testing.T) {
	dir := t.TempDir()
	first := open(t, dir)
	_, err := Open(dir, Options{Command: "almwiz resume"})
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second Open() = %v, want *LockedError", err)
	}
	h := first.Lock().Holder()
	host, _ := os.Hostname()
	if le.Holder.ID != h.ID || le.Holder.PID != os.Getpid() || le.Holder.Host != host || le.Stale || le.ExitCode() != 5 {
		t.Errorf("LockedError %+v, want holder %+v, not stale, exit 5", le, h)
	}
	for _, w := range []string{"pid", host, `"almwiz apply -f team.yaml"`, "--force-unlock " + h.ID, "since"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock.json left after Close: %v", err)
	}
	open(t, dir) // free again
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func writeHolder(t *testing.T, dir string, pid int) Holder {
	host, _ := os.Hostname()
	h := Holder{ID: "dead00beef00", PID: pid, Host: host, User: "alice", Started: time.Now().Add(-time.Hour), Command: "almwiz apply"}
	if err := os.WriteFile(filepath.Join(dir, LockName), encodeHolder(h), 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestExclusiveLockHeldByADeadProcessIsReportedStale(t *testing.T) {
	dir := t.TempDir()
	h := writeHolder(t, dir, deadPID(t))
	_, _, err := acquireExclusive(filepath.Join(dir, LockName), newHolder("almwiz resume"))
	var le *LockedError
	if !errors.As(err, &le) || !le.Stale || le.Holder.ID != h.ID {
		t.Fatalf("acquireExclusive() = %v, want a stale LockedError", err)
	}
	if !strings.Contains(err.Error(), "stale") || !strings.Contains(err.Error(), "--force-unlock "+h.ID) {
		t.Errorf("error %q does not say stale and how to break it", err)
	}
	if err := ForceUnlock(dir, h.ID); err != nil {
		t.Fatal(err)
	}
	f, _, err := acquireExclusive(filepath.Join(dir, LockName), newHolder("almwiz resume"))
	if err != nil || f != nil {
		t.Errorf("after ForceUnlock: %v", err)
	}
}

func TestExclusiveLockHeldByALiveProcessIsNotStale(t *testing.T) {
	dir := t.TempDir()
	writeHolder(t, dir, os.Getpid())
	_, _, err := acquireExclusive(filepath.Join(dir, LockName), newHolder("x"))
	var le *LockedError
	if !errors.As(err, &le) || le.Stale {
		t.Fatalf("acquireExclusive() = %v, want a live LockedError", err)
	}
}

func TestForceUnlockNeedsTheLockID(t *testing.T) {
	dir := t.TempDir()
	first := open(t, dir)
	if err := ForceUnlock(dir, "wrong"); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("ForceUnlock(wrong id) = %v", err)
	}
	if err := ForceUnlock(dir, first.Lock().Holder().ID); err != nil {
		t.Fatal(err)
	}
	second := open(t, dir) // the broken lock no longer blocks
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockName)); err != nil {
		t.Errorf("closing the broken holder removed the new holder's lock.json: %v", err)
	}
	_ = second.Close()
	if err := ForceUnlock(dir, "any"); err == nil || !strings.Contains(err.Error(), "not locked") {
		t.Errorf("ForceUnlock of a free dir = %v", err)
	}
}

// ActiveHolder names a run that holds the lock, and nothing once that run
// is gone without releasing it (killed), so status can say "interrupted".
func TestActiveHolderTellsARunningRunFromAKilledOne(t *testing.T) {
	dir := t.TempDir()
	if h := ActiveHolder(dir); h != nil {
		t.Fatalf("no lock: ActiveHolder = %+v", h)
	}
	s := open(t, dir)
	if h := ActiveHolder(dir); h == nil || h.PID != os.Getpid() {
		t.Fatalf("held lock: ActiveHolder = %+v", h)
	}
	s.Close()
	host, _ := os.Hostname()
	dead := newHolder("almwiz apply")
	dead.PID, dead.Host = 1<<30, host
	if err := os.WriteFile(filepath.Join(dir, LockName), encodeHolder(dead), 0o600); err != nil {
		t.Fatal(err)
	}
	if h := ActiveHolder(dir); h != nil {
		t.Errorf("lock.json of a killed run: ActiveHolder = %+v", h)
	}
}

// A step destroy removed is remembered until a run records it again.
func TestRemovedStepsAreForgottenWhenRecordedAgain(t *testing.T) {
	st := New("demo", "")
	st.Step("a").Status = StatusDone
	st.Remove("a", time.Now())
	if _, ok := st.Lookup("a"); ok || st.Removed["a"].IsZero() {
		t.Fatalf("after Remove: %+v", st)
	}
	if c := st.Clone(); c.Removed["a"].IsZero() {
		t.Error("Clone loses Removed")
	}
	st.Step("a")
	if _, ok := st.Removed["a"]; ok {
		t.Error("a step recorded again is still marked removed")
	}
}
