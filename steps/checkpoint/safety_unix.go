//go:build unix

package checkpoint

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// noFollow makes opening a path that is a symbolic link fail.
const noFollow = syscall.O_NOFOLLOW

// checkOwner refuses a path not owned by the user running almwiz.
func checkOwner(path string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("is owned by uid %d, not by you (uid %d)", st.Uid, uid)}
	}
	return nil
}
