//go:build !unix

package checkpoint

import "os"

// acquire falls back to an O_EXCL lock file where flock is not available.
func acquire(path string, h Holder) (*os.File, *Holder, error) {
	return acquireExclusive(path, h)
}

// processAlive says whether pid names a running process on this host.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
