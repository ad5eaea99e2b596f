package checkpoint

import (
	"fmt"
	"os"
	"path/filepath"
)

// CorruptError says a checkpoint cannot be read. almwiz never replaces such
// a file by itself: the error says which file, what is wrong, and how to
// recover with the backup when there is one.
type CorruptError struct {
	Path   string // the state.json that cannot be read
	Err    error  // what is wrong with it
	Backup string // the path of state.json.bak, empty when there is none
}

func corrupt(dir string, err error) *CorruptError {
	e := &CorruptError{Path: filepath.Join(dir, FileName), Err: err}
	if backupExists(dir) {
		e.Backup = filepath.Join(dir, BackupName)
	}
	return e
}

func backupExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, BackupName))
	return err == nil
}

// Error says which file cannot be read, why, and how to recover.
func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("checkpoint %s cannot be read: %v\n  almwiz left it as it is.", e.Path, e.Err)
	if e.Backup != "" {
		return msg + fmt.Sprintf("\n  The previous save is in %s. To use it, keep the broken file aside and copy the backup in place:\n    mv %s %s.broken; cp %s %s\n  then run the command again.",
			e.Backup, e.Path, e.Path, e.Backup, e.Path)
	}
	return msg + "\n  There is no backup. Move the state directory aside and run again: every step observes the cloud first, so nothing is created twice."
}

// Unwrap returns what is wrong with the file.
func (e *CorruptError) Unwrap() error { return e.Err }

// ExitCode is 1: nothing ran, and a person must look at the file.
func (e *CorruptError) ExitCode() int { return 1 }
