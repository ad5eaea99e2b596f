package checkpoint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Store holds the checkpoint of one state directory for the length of a
// run: it owns the lock and saves state.json after every change.
type Store struct {
	dir    string // empty for an in-memory store
	mu     sync.Mutex
	state  *State
	last   []byte // what state.json holds on disk now
	lock   *Lock
	filter func(string) string
	disk   disk // the file system saves write to; tests put in a model of a disk
	closed bool
}

// Options says who opens a store.
type Options struct {
	Command     string // shown to a second run that finds the state locked
	Profile     string // recorded in a new checkpoint
	ProfileHash string
	// Owner is what the run acts on: recorded in the checkpoint, and a
	// checkpoint recorded for other tenants or organizations is refused
	// with a *ForeignError.
	Owner Owner
}

// Open locks dir (creating it, mode 0700) and loads its checkpoint, or
// starts an empty one when there is none. A locked directory gives a
// *LockedError; an unreadable checkpoint a *CorruptError — it is never
// silently replaced; a directory or file that is a link or another user's an
// *UnsafeError. Temporary files a killed run left are removed.
func Open(dir string, o Options) (*Store, error) {
	if err := CheckDir(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	if err := CheckDir(dir); err != nil {
		return nil, err
	}
	lock, err := Acquire(dir, o.Command)
	if err != nil {
		return nil, err
	}
	removeLeftovers(dir)
	st, data, err := read(dir)
	if err != nil {
		_ = lock.Release()
		return nil, err
	}
	if st == nil {
		st = New(o.Profile, o.ProfileHash)
	}
	if err := st.claim(dir, o.Owner); err != nil {
		_ = lock.Release()
		return nil, err
	}
	return &Store{dir: dir, state: st, last: data, lock: lock, disk: osDisk{}}, nil
}

// Memory returns a store that keeps the checkpoint in memory only, for
// runs that must leave nothing behind (and for tests).
func Memory(profile, profileHash string) *Store {
	return &Store{state: New(profile, profileHash), disk: osDisk{}}
}

// Load reads the checkpoint of dir without locking it, for commands that
// only look (status, plan). A missing checkpoint is (nil, nil).
func Load(dir string) (*State, error) {
	st, _, err := read(dir)
	return st, err
}

func read(dir string) (*State, []byte, error) {
	if err := CheckDir(dir); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if backupExists(dir) {
			return nil, nil, corrupt(dir, errors.New("the file is missing but a backup of an earlier save is there"))
		}
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read checkpoint: %w", err)
	}
	st, err := Parse(data)
	if err != nil {
		return nil, nil, corrupt(dir, err)
	}
	return st, data, nil
}

// Dir is the state directory, empty for an in-memory store.
func (s *Store) Dir() string { return s.dir }

// Lock is the lock this store holds, nil for an in-memory store.
func (s *Store) Lock() *Lock { return s.lock }

// State returns a copy of the checkpoint as it is now.
func (s *Store) State() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Clone()
}

// SetFilter installs a function every text of the checkpoint passes
// through before it is written; the runner uses it to redact secret values,
// so that no secret reaches disk even by mistake.
func (s *Store) SetFilter(f func(string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.filter = f
}

// Update changes the checkpoint with fn and saves it.
func (s *Store) Update(fn func(*State)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("checkpoint store is closed")
	}
	fn(s.state)
	return s.save()
}

// Save writes the checkpoint as it is now.
func (s *Store) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("checkpoint store is closed")
	}
	return s.save()
}

// save writes state.json atomically, first keeping the previous version
// as state.json.bak. The caller holds s.mu.
func (s *Store) save() error {
	if s.filter != nil {
		redact(s.state, s.filter)
	}
	data, err := s.encode()
	if err != nil || bytes.Equal(data, s.last) {
		return err // nothing changed: no write, no fsync
	}
	s.state.Updated = time.Now().UTC()
	if data, err = s.encode(); err != nil {
		return err
	}
	if s.dir == "" {
		s.last = data
		return nil
	}
	if s.last != nil {
		if err := writeAtomic(s.disk, s.dir, BackupName, s.last); err != nil {
			return fmt.Errorf("save checkpoint backup: %w", err)
		}
	}
	if err := writeAtomic(s.disk, s.dir, FileName, data); err != nil {
		return fmt.Errorf("save checkpoint: %w", err)
	}
	s.last = data
	return nil
}

func (s *Store) encode() ([]byte, error) {
	data, err := json.MarshalIndent(s.state, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode checkpoint: %w", err)
	}
	return append(data, '\n'), nil
}

// Close saves nothing more and releases the lock.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.lock == nil {
		return nil
	}
	return s.lock.Release()
}

// redact passes every free text of st through f.
func redact(st *State, f func(string) string) {
	for _, rec := range st.Steps {
		for k, v := range rec.Outputs {
			rec.Outputs[k] = f(v)
		}
		rec.Operation = f(rec.Operation)
		rec.Error = f(rec.Error)
		rec.Suggestion = f(rec.Suggestion)
		rec.Reason = f(rec.Reason)
		rec.Link = f(rec.Link)
	}
}

// View lets fn read the checkpoint without copying it; fn must not keep
// or change it.
func (s *Store) View(fn func(*State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.state)
}

// MemoryOf returns a memory store holding a copy of st (an empty checkpoint
// when st is nil): what a read-only command learns stays in memory.
func MemoryOf(st *State) *Store {
	if st == nil {
		return Memory("", "")
	}
	return &Store{state: st.Clone(), disk: osDisk{}}
}
