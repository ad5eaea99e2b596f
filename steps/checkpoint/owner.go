package checkpoint

import (
	"fmt"
	"slices"
	"strings"
)

// Owner is what an installation acts on: its tenants' domains and its
// Azure DevOps organizations' URLs.
type Owner struct {
	Tenants       []string
	Organizations []string
}

func (o Owner) String() string {
	parts := []string{}
	if len(o.Tenants) > 0 {
		parts = append(parts, "tenant "+strings.Join(o.Tenants, ", "))
	}
	if len(o.Organizations) > 0 {
		parts = append(parts, "organization "+strings.Join(o.Organizations, ", "))
	}
	if len(parts) == 0 {
		return "nothing recorded"
	}
	return strings.Join(parts, " and ")
}

// ForeignError says a state directory holds the checkpoint of another
// installation: none of its tenants, or none of its organizations, is the
// profile's.
type ForeignError struct {
	Dir             string
	Recorded, Wants Owner
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("the state directory %s holds the installation of %s, not of %s", e.Dir, e.Recorded, e.Wants)
}

// claim records o in the checkpoint, or refuses it when the checkpoint
// belongs to another installation. A checkpoint without a record (made
// before almwiz recorded them) is accepted and gets o's; an installation
// that adds a tenant or an organization keeps its checkpoint.
func (s *State) claim(dir string, o Owner) error {
	if foreign(s.Tenants, o.Tenants) || foreign(s.Organizations, o.Organizations) {
		return &ForeignError{Dir: dir, Recorded: Owner{s.Tenants, s.Organizations}, Wants: o}
	}
	s.Tenants = union(s.Tenants, o.Tenants)
	s.Organizations = union(s.Organizations, o.Organizations)
	return nil
}

// foreign: both sides name something and share nothing.
func foreign(recorded, wants []string) bool {
	if len(recorded) == 0 || len(wants) == 0 {
		return false
	}
	for _, w := range wants {
		if slices.Contains(recorded, ownerKey(w)) {
			return false
		}
	}
	return true
}

func union(recorded, wants []string) []string {
	out := slices.Clone(recorded)
	for _, w := range wants {
		if k := ownerKey(w); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// ownerKey is how a domain or URL is compared and recorded: lower case,
// without a trailing slash.
func ownerKey(s string) string { return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/") }
