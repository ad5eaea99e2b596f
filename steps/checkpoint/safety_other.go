//go:build !unix

package checkpoint

import "io/fs"

// noFollow is 0 where the OS has no O_NOFOLLOW; CheckDir's Lstat still
// refuses links.
const noFollow = 0

// checkOwner accepts any owner where file ownership is not a uid (Windows
// ACLs govern who may write the directory).
func checkOwner(string, fs.FileInfo) error { return nil }
