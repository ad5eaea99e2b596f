package checkpoint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// writeAtomic replaces dir/name with data so that a crash at any moment
// leaves either the old file or the new one, never a mix: write a
// temporary file, fsync it, rename it over the target, fsync the directory.
func writeAtomic(dir, name string, data []byte, rename func(string, string) error) (err error) {
	tmp, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := writeSynced(tmp, data); err != nil {
		return err
	}
	if err := rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("replace %s: %w", name, err)
	}
	return syncDir(dir)
}

func writeSynced(f *os.File, data []byte) error {
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
