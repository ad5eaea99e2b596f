package steps

import (
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestConnectionReferencesAreReadFromTheImportedSolution(t *testing.T) {
	for _, tc := range []struct {
		name, version string
		world         emulator.World
		refs          []string
	}{
		// The February 2024 stand-in carries the three references of the
		// public Customizations.xml at coe-starter-kit 2ced8564.
		{"a release with three references", "1.0.20240206.1", emulator.WorldFresh,
			[]string{"cat_CDSDevOps", "cat_sharedpowerappsforappmakers_c4094", "cat_sharedwebcontents_0df3a"}},
		// German environments: built-in roles have German names.
		{"a lived-in tenant with German environments", "", emulator.WorldLivedIn,
			[]string{"cat_CDSDevOps", "cat_sharedcommondataserviceforapps_3bba0", "cat_sharedpowerappsforappmakers_c4094", "cat_sharedwebcontents_0df3a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, "demo", sandbox.Options{OperationDelay: 200 * time.Millisecond, World: tc.world})
			if tc.version != "" {
				h.profile.Solution.Version = tc.version
			}
			p := newPPRunner(h)
			host := IDHostStep("host", "connection-references")
			first := p.run(nil)
			if first.err != nil {
				t.Fatalf("first run: %v\n%v", first.err, ppKinds(first))
			}
			manual := first.last(host)
			if manual.Kind != EventManual {
				t.Fatalf("connection references: %s %q, want manual", manual.Kind, manual.Message)
			}
			for _, name := range tc.refs {
				if !strings.Contains(manual.Message, "(for "+name+")") {
					t.Errorf("the manual step does not name %s: %q", name, manual.Message)
				}
			}
			if n := strings.Count(manual.Message, "(for cat_"); n != len(tc.refs) {
				t.Errorf("the manual step names %d references, want %d: %q", n, len(tc.refs), manual.Message)
			}
			p.createConnections(h.profile.Environments[0].DataverseURL(newBuild(h.profile, h.clients).cloud))
			second := p.run(nil)
			if second.err != nil || second.sum.Manual != 0 {
				t.Fatalf("second run: %v %+v\n%v", second.err, second.sum, ppKinds(second))
			}
			if k := second.last(host).Kind; k != EventUpdated {
				t.Errorf("connection references: %s, want updated", k)
			}
		})
	}
}
