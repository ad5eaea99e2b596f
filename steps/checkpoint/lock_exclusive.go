package checkpoint

import (
	"errors"
	"os"
	"path/filepath"
)

// acquireExclusive is the lock where the OS has no advisory file lock we
// use (Windows): lock.json itself is the lock, created with O_EXCL. A run
// that crashed leaves it behind; a holder on this host whose process is
// gone is reported as stale, to be broken with ForceUnlock.
func acquireExclusive(path string, h Holder) (*os.File, *Holder, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if errors.Is(err, os.ErrExist) {
		prev, _ := readHolder(path)
		return nil, nil, lockedBy(filepath.Dir(path), prev)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := writeSynced(f, encodeHolder(h)); err != nil {
		_ = os.Remove(path)
		return nil, nil, err
	}
	return nil, nil, nil
}
