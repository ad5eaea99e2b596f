package checkpoint

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// powerLossDisk models a disk behind the page cache, as POSIX allows it to
// behave: a file's data reaches the disk only when the file is synced, and
// a change of a directory (a new name, a rename, a removal) only when the
// directory is synced. After every operation it keeps the image a power
// loss at that moment would leave: the synced data under the synced names.
type powerLossDisk struct {
	mu      sync.Mutex
	files   map[int]*modelFile
	live    map[string]int // path → file, as the running program sees the directory
	durable map[string]int // path → file, as the disk holds the directory
	next    int
	trace   []string
	images  []diskImage // the image after each operation
}

type modelFile struct {
	disk         *powerLossDisk
	id           int
	name         string
	data, synced []byte
}

// diskImage is what a power loss leaves: path → content.
type diskImage struct {
	after string // the operation just done
	files map[string][]byte
}

func newPowerLossDisk() *powerLossDisk {
	return &powerLossDisk{files: map[int]*modelFile{}, live: map[string]int{}, durable: map[string]int{}}
}

// done records op and the image a power loss right after it would leave.
// The caller holds d.mu.
func (d *powerLossDisk) done(op string) {
	d.trace = append(d.trace, op)
	img := diskImage{after: op, files: map[string][]byte{}}
	for path, id := range d.durable {
		img.files[path] = slices.Clone(d.files[id].synced)
	}
	d.images = append(d.images, img)
}

func (d *powerLossDisk) CreateTemp(dir, pattern string) (diskFile, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.next++
	f := &modelFile{disk: d, id: d.next, name: filepath.Join(dir, strings.Replace(pattern, "*", fmt.Sprint(d.next), 1))}
	d.files[f.id], d.live[f.name] = f, f.id
	d.done("create " + filepath.Base(f.name))
	return f, nil
}

func (d *powerLossDisk) Rename(oldpath, newpath string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	id, ok := d.live[oldpath]
	if !ok {
		return os.ErrNotExist
	}
	delete(d.live, oldpath)
	d.live[newpath] = id
	d.done("rename " + filepath.Base(oldpath) + " " + filepath.Base(newpath))
	return nil
}

func (d *powerLossDisk) Remove(name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.live, name)
	d.done("remove " + filepath.Base(name))
	return nil
}

func (d *powerLossDisk) SyncDir(dir string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.durable = maps.Clone(d.live)
	d.done("fsync directory")
	return nil
}

func (f *modelFile) Name() string            { return f.name }
func (f *modelFile) Chmod(os.FileMode) error { return nil }
func (f *modelFile) Close() error            { return nil }
func (f *modelFile) Write(b []byte) (int, error) {
	f.disk.mu.Lock()
	defer f.disk.mu.Unlock()
	f.data = append(f.data, b...)
	f.disk.done("write " + filepath.Base(f.name))
	return len(b), nil
}

func (f *modelFile) Sync() error {
	f.disk.mu.Lock()
	defer f.disk.mu.Unlock()
	f.synced = slices.Clone(f.data)
	f.disk.done("fsync " + filepath.Base(f.name))
	return nil
}

// load writes img into a new directory and loads the checkpoint from it as
// the next run would: the status of step "a", or "none" without a checkpoint.
func (img diskImage) load(t *testing.T) (string, error) {
	t.Helper()
	dir := t.TempDir()
	for path, data := range img.files {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Load(dir)
	switch {
	case err != nil:
		return "", err
	case st == nil:
		return "none", nil
	}
	return string(st.Steps["a"].Status), nil
}

// A checkpoint save survives a power loss at any moment: the next run finds
// the checkpoint before the save or after it, never a broken or empty one,
// and once a save has returned, the new checkpoint. This is what the two
// fsyncs of a save (the temporary file before the rename, the directory
// after it) guarantee; without either one, this test fails.
func TestASaveSurvivesAPowerLossAtAnyMoment(t *testing.T) {
	d := newPowerLossDisk()
	s := open(t, t.TempDir())
	s.disk = d
	before := "none"
	for _, status := range []Status{StatusRunning, StatusDone, StatusFailed} {
		from := len(d.images)
		if err := s.Update(setStatus("a", status)); err != nil {
			t.Fatal(err)
		}
		images := d.images[from:]
		if len(images) == 0 {
			t.Fatalf("saving %s wrote nothing through the disk", status)
		}
		for _, img := range images {
			got, err := img.load(t)
			if err != nil || (got != before && got != string(status)) {
				t.Errorf("power loss after %q while saving %s: the next run finds %q, %v; want %q or %q\nsave: %s",
					img.after, status, got, err, before, status, strings.Join(d.trace[from:], " → "))
			}
		}
		if got, err := images[len(images)-1].load(t); err != nil || got != string(status) {
			t.Errorf("power loss after the save of %s returned: the next run finds %q, %v; the save was not durable\nsave: %s",
				status, got, err, strings.Join(d.trace[from:], " → "))
		}
		before = string(status)
	}
}
