package checkpoint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// disk is what a save does to the file system: the real one is osDisk; the
// durability tests put in its place a model of a disk that loses whatever
// was not synced when the power fails.
type disk interface {
	CreateTemp(dir, pattern string) (diskFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	SyncDir(dir string) error
}

// diskFile is the part of *os.File a save uses.
type diskFile interface {
	Name() string
	Chmod(mode os.FileMode) error
	Write(b []byte) (int, error)
	Sync() error
	Close() error
}

// osDisk is the operating system's file system.
type osDisk struct{}

func (osDisk) CreateTemp(dir, pattern string) (diskFile, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (osDisk) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
func (osDisk) Remove(name string) error             { return os.Remove(name) }
func (osDisk) SyncDir(dir string) error             { return syncDir(dir) }

// writeAtomic replaces dir/name with data so that a crash at any moment
// leaves either the old file or the new one, never a mix, and so that the
// new one survives a power loss once it returns: write a temporary file,
// fsync it, rename it over the target, fsync the directory.
func writeAtomic(d disk, dir, name string, data []byte) (err error) {
	tmp, err := d.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = d.Remove(tmp.Name())
		}
	}()
	if err := writeSynced(tmp, data); err != nil {
		return err
	}
	if err := d.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("replace %s: %w", name, err)
	}
	return d.SyncDir(dir)
}

func writeSynced(f diskFile, data []byte) error {
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return errors.Join(err, f.Close())
	}
	if _, err := f.Write(data); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := f.Sync(); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}

// syncDir makes the rename durable. Windows cannot open a directory for
// syncing; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		return errors.Join(err, d.Close())
	}
	return d.Close()
}
