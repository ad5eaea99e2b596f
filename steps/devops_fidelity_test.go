package steps

import (
	"slices"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

func TestServiceConnectionsWaitForTheBuildToolsExtension(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	b := newBuild(h.profile, h.clients)
	n := 0
	for _, s := range b.devopsSteps() {
		if !strings.Contains(s.ID(), "/service-connection/") {
			continue
		}
		n++
		org := strings.Split(s.ID(), "/")[1]
		if !slices.Contains(s.Needs(), IDExtensions(org)) {
			t.Errorf("%s needs %v, not %s: the type powerplatform-spn does not exist before the Build Tools are installed", s.ID(), s.Needs(), IDExtensions(org))
		}
	}
	if n == 0 {
		t.Fatal("the plan has no service connection step")
	}
}
