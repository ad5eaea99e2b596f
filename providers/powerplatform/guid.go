package powerplatform

import (
	"crypto/rand"
	"fmt"
	"regexp"
)

// guidPattern is the textual form of a GUID, the key of every Dataverse row.
var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// isGUID reports whether s is a GUID, so it can go into a URL or a filter unquoted.
func isGUID(s string) bool { return guidPattern.MatchString(s) }

// checkGUID rejects a value that should be a GUID and is not.
func checkGUID(what, s string) error {
	if !isGUID(s) {
		return fmt.Errorf("%s %q is not a GUID", what, s)
	}
	return nil
}

// newGUID returns a random (version 4) GUID.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
