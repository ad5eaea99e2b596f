package checkpoint

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"
)

// Holder says who holds the lock of a state directory; it is the content
// of lock.json.
type Holder struct {
	ID      string    `json:"id"` // what --force-unlock takes
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	User    string    `json:"user,omitempty"`
	Started time.Time `json:"started"`
	Command string    `json:"command,omitempty"`
}

// Lock is a held lock of a state directory.
type Lock struct {
	path   string
	file   *os.File // keeps the OS lock; nil where the lock is the file itself
	holder Holder
	// Recovered is the holder found in lock.json of a run that ended
	// without releasing it (a crash); nil when the lock was free.
	Recovered *Holder
}

// Acquire locks dir for this process. When another run holds it the error
// is a *LockedError saying who, since when, with what command, and how to
// break the lock if that run is gone.
func Acquire(dir, command string) (*Lock, error) {
	h := newHolder(command)
	path := filepath.Join(dir, LockName)
	f, prev, err := acquire(path, h)
	if err != nil {
		return nil, err
	}
	return &Lock{path: path, file: f, holder: h, Recovered: prev}, nil
}

// ActiveHolder returns who holds the lock of dir while that run goes on,
// without taking the lock: nil when no run holds it, or when the run that
// wrote lock.json is gone (killed, crashed) — its steps recorded as running
// were interrupted. A run on another host is taken as still going.
func ActiveHolder(dir string) *Holder {
	h, err := readHolder(filepath.Join(dir, LockName))
	if err != nil {
		return nil
	}
	if host, _ := os.Hostname(); h.Host == host && !processAlive(h.PID) {
		return nil
	}
	return &h
}

// Holder says who this lock is held by.
func (l *Lock) Holder() Holder { return l.holder }

// Release removes lock.json, if it is still ours, and releases the OS lock.
func (l *Lock) Release() error {
	var err error
	if cur, rerr := readHolder(l.path); rerr == nil && cur.ID == l.holder.ID {
		err = os.Remove(l.path)
	}
	if l.file != nil {
		err = errors.Join(err, l.file.Close())
	}
	return err
}

// ForceUnlock breaks the lock of dir whose id is id — for a run that is
// gone (a crash on another machine, a killed container). The id must match
// so that a newer run's lock is never broken by mistake.
func ForceUnlock(dir, id string) error {
	path := filepath.Join(dir, LockName)
	h, err := readHolder(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("force unlock: %s is not locked", dir)
	}
	if err != nil {
		return fmt.Errorf("force unlock: %w", err)
	}
	if h.ID != id {
		return fmt.Errorf("force unlock: the lock of %s has id %s, not %s (held by pid %d on %s since %s); nothing was changed",
			dir, h.ID, id, h.PID, h.Host, h.Started.Format(time.RFC3339))
	}
	// A holder still running on this host is not stale: breaking its lock
	// would let two runs change the same state at once.
	if host, _ := os.Hostname(); h.Host == host && h.PID != os.Getpid() && processAlive(h.PID) {
		return fmt.Errorf("force unlock refused: that run is still going; nothing was changed: %w", lockedBy(dir, h))
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("force unlock: %w", err)
	}
	return nil
}

// LockedError says another run holds the state directory.
type LockedError struct {
	Dir    string
	Holder Holder // what lock.json says; zero when it could not be read
	// Stale says the holder ran on this host and its process is gone.
	Stale bool
}

// Error says who holds the lock, since when, and how to break a stale one.
func (e *LockedError) Error() string {
	h := e.Holder
	if h.ID == "" {
		return fmt.Sprintf("state %s is locked by another run (its lock.json cannot be read).\n  Wait for it to finish, or remove %s if no run is going.", e.Dir, filepath.Join(e.Dir, LockName))
	}
	who := fmt.Sprintf("pid %d on host %s", h.PID, h.Host)
	if h.User != "" {
		who += fmt.Sprintf(" (user %s)", h.User)
	}
	msg := fmt.Sprintf("state %s is locked by %s since %s, running %q.", e.Dir, who, h.Started.Local().Format("2006-01-02 15:04:05 MST"), h.Command)
	if e.Stale {
		return msg + fmt.Sprintf("\n  That process is no longer running: the lock is stale. Break it with --force-unlock %s", h.ID)
	}
	return msg + fmt.Sprintf("\n  Wait for that run to finish. If it is gone (crashed, another machine), break the lock with --force-unlock %s", h.ID)
}

// ExitCode is 5, "state locked by another run".
func (e *LockedError) ExitCode() int { return 5 }

func lockedBy(dir string, h Holder) *LockedError {
	host, _ := os.Hostname()
	return &LockedError{Dir: dir, Holder: h, Stale: h.ID != "" && h.Host == host && !processAlive(h.PID)}
}

func newHolder(command string) Holder {
	host, _ := os.Hostname()
	return Holder{ID: newID(), PID: os.Getpid(), Host: host, User: userName(), Started: time.Now().UTC(), Command: command}
}

func newID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func userName() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}

func readHolder(path string) (Holder, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Holder{}, err
	}
	return parseHolder(data)
}

func parseHolder(data []byte) (Holder, error) {
	var h Holder
	if err := json.Unmarshal(data, &h); err != nil {
		return Holder{}, fmt.Errorf("lock.json: %w", err)
	}
	return h, nil
}

func encodeHolder(h Holder) []byte {
	data, _ := json.MarshalIndent(h, "", "  ")
	return append(data, '\n')
}
