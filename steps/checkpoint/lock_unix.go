//go:build unix

package checkpoint

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// acquire takes an flock on lock.json and writes our holder into it. The
// OS releases an flock when its process dies, so a crashed run never
// blocks the next one; what it left in lock.json is returned as prev.
func acquire(path string, h Holder) (f *os.File, prev *Holder, err error) {
	for range 3 {
		f, prev, err = tryFlock(path, h)
		if f != nil || err != nil {
			return f, prev, err
		}
	}
	return nil, nil, fmt.Errorf("lock %s: it keeps being replaced by another run", path)
}

// tryFlock returns (nil, nil, nil) when lock.json was replaced between
// open and lock, so the caller tries again on the new file.
func tryFlock(path string, h Holder) (*os.File, *Holder, error) {
	// O_NOFOLLOW: a lock.json planted as a link must not make us truncate
	// the link's target.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return nil, nil, &UnsafeError{Path: path, Reason: "is a symbolic link"}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open lock: %w", err)
	}
	if err := checkOpened(f, path); err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		data, _ := io.ReadAll(f)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder, _ := parseHolder(data)
			return nil, nil, lockedBy(filepath.Dir(path), holder)
		}
		return nil, nil, fmt.Errorf("lock %s: %w (use a --state-dir on a local disk)", path, err)
	}
	if !samePath(f, path) {
		_ = f.Close()
		return nil, nil, nil
	}
	prev := leftover(f)
	if err := rewrite(f, encodeHolder(h)); err != nil {
		_ = f.Close()
		return nil, nil, fmt.Errorf("write lock: %w", err)
	}
	return f, prev, nil
}

func samePath(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

func leftover(f *os.File) *Holder {
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		return nil
	}
	h, err := parseHolder(data)
	if err != nil {
		return nil
	}
	return &h
}

func rewrite(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Sync()
}

// processAlive says whether pid names a running process on this host.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// checkOpened refuses an opened lock.json that is not a regular file of
// this user (a FIFO, a device, another user's file).
func checkOpened(f *os.File, path string) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open lock: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return &UnsafeError{Path: path, Reason: "is not a regular file"}
	}
	return checkOwner(path, fi)
}
