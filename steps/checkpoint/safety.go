package checkpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// UnsafeError says a state directory, or a file in it, could be used by
// another local user to make almwiz write where they choose: it is a
// symbolic link, or it is not owned by the user running almwiz. Admin teams
// share machines and folders, so almwiz refuses rather than follow it.
type UnsafeError struct {
	Path   string
	Reason string // "is a symbolic link", "is owned by uid 1001", …
}

// Error names the path, what is wrong, and what to do.
func (e *UnsafeError) Error() string {
	return fmt.Sprintf("state %s %s; almwiz does not write through it.\n  Remove it (or use another --state-dir): almwiz creates the state directory itself, mode 0700, owned by you.", e.Path, e.Reason)
}

// ExitCode is 2: the input (the state directory) is not acceptable.
func (e *UnsafeError) ExitCode() int { return 2 }

// stateFiles are the names almwiz writes in a state directory; none may be
// a link or another user's file.
var stateFiles = []string{FileName, BackupName, LockName, "profile.yaml"}

// CheckDir refuses a state directory that is a symbolic link or not owned
// by this user, and any file almwiz writes in it that is a link, not a
// regular file, or not owned by this user. A missing directory is fine.
func CheckDir(dir string) error {
	if err := checkPath(dir, true); err != nil {
		return err
	}
	for _, name := range stateFiles {
		if err := checkPath(filepath.Join(dir, name), false); err != nil {
			return err
		}
	}
	return nil
}

func checkPath(path string, isDir bool) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check state %s: %w", path, err)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return &UnsafeError{Path: path, Reason: "is a symbolic link"}
	case isDir && !fi.IsDir():
		return &UnsafeError{Path: path, Reason: "is not a directory"}
	case !isDir && !fi.Mode().IsRegular():
		return &UnsafeError{Path: path, Reason: "is not a regular file"}
	}
	return checkOwner(path, fi)
}

// removeLeftovers deletes the temporary files of saves that a kill
// interrupted (state.json.tmp-*, profile.yaml.tmp-*). The caller holds the
// lock, so no other run is writing them.
func removeLeftovers(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") && !e.IsDir() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// WriteFile replaces dir/name with data (mode 0600) atomically, through a
// temporary file of a random name created exclusively, so a link planted
// in the directory is never followed.
func WriteFile(dir, name string, data []byte) error {
	if err := CheckDir(dir); err != nil {
		return err
	}
	return writeAtomic(osDisk{}, dir, name, data)
}
