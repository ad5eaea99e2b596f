package entra

import (
	"fmt"
	"strings"
)

// AmbiguousError says that more than one directory object answers to a name
// almwiz must find exactly once, so it cannot tell which one to use.
type AmbiguousError struct {
	Kind string   // "app registrations", "groups"
	Name string   // the display name they share
	IDs  []string // their object ids
}

// Error names every object and asks the admin to keep only one.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%d %s are named %q (object ids %s); almwiz cannot tell which one to use.\n"+
		"  Delete or rename all but one in the Microsoft Entra admin center, then run almwiz again.",
		len(e.IDs), e.Kind, e.Name, strings.Join(e.IDs, ", "))
}

// sameID compares GUIDs, which Graph treats case-insensitively.
func sameID(a, b string) bool { return strings.EqualFold(a, b) }
