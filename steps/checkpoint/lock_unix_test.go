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

func TestFlockHeldForADeadPIDIsReportedStale(t *testing.T) {
	dir := t.TempDir()
	h := writeHolder(t, dir, deadPID(t))
	// The flock is held (say, by a child that inherited it) but lock.json
	// names a process that is gone.
	f, err := os.Open(filepath.Join(dir, LockName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "almwiz resume")
	var le *LockedError
	if !errors.As(err, &le) || !le.Stale || le.Holder.ID != h.ID {
		t.Fatalf("Acquire() = %v, want a stale LockedError", err)
	}
	if !strings.Contains(err.Error(), "no longer running") {
		t.Errorf("error %q does not say the holder is gone", err)
	}
}

func TestLockLeftByACrashedRunIsRecovered(t *testing.T) {
	dir := t.TempDir()
	h := writeHolder(t, dir, deadPID(t)) // lock.json without an flock: the run crashed
	l, err := Acquire(dir, "almwiz resume")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if l.Recovered == nil || l.Recovered.ID != h.ID {
		t.Errorf("Recovered = %+v, want the crashed holder", l.Recovered)
	}
}
