package cli

import (
	"errors"
	"io/fs"
	"os"
)

// writeNewFile writes data to path (mode 0644: profiles and schemas are
// meant to be shared), refusing to replace a file that is there — or a
// link planted there — unless force.
func writeNewFile(path string, data []byte, force bool, flag string) error {
	if force {
		return os.WriteFile(path, data, 0o644)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usagef("Add --force to replace it, or give another "+flag+".", "%s exists; almwiz does not overwrite it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
