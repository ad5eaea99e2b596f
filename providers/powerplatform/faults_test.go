package powerplatform_test

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

func TestInstallUnderThrottlingConvergesToTheSameInventory(t *testing.T) {
	t.Parallel()
	clean := newWorld(t, sandbox.Options{OperationDelay: 300 * time.Millisecond})
	install(t, clean)
	for _, seed := range []int64{1, 7, 42} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, sandbox.Options{OperationDelay: 300 * time.Millisecond, Faults: "429=20%,503=10%", Seed: seed})
			w.sleep = func(*http.Request, time.Duration) error { time.Sleep(5 * time.Millisecond); return nil }
			install(t, w)
			install(t, w)
			if got, want := summary(w.inventory(false)), summary(clean.inventory(false)); !reflect.DeepEqual(got, want) {
				t.Errorf("inventory under faults:\n%v\nwithout faults:\n%v", got, want)
			}
			faults := 0
			for _, r := range w.requests() {
				if r.Fault != "" {
					faults++
				}
			}
			if faults == 0 {
				t.Error("no fault was injected")
			}
		})
	}
}

// summary reduces an inventory to what an installation must converge to,
// without ids and times.
func summary(inv map[string][]map[string]any) map[string][]string {
	out := map[string][]string{}
	add := func(kind, v string) { out[kind] = append(out[kind], v) }
	for _, s := range inv["solutions"] {
		add("solutions", fmt.Sprint(s["uniquename"], " ", s["version"]))
	}
	for _, r := range inv["roleAssignments"] {
		add("roles", fmt.Sprint(r["principalType"], " ", r["applicationId"], " ", r["role"]))
	}
	for _, r := range inv["connectionReferences"] {
		add("references", fmt.Sprint(r["connectionreferencelogicalname"], " bound=", r["connectionid"] != nil))
	}
	for _, f := range inv["flows"] {
		add("flows", fmt.Sprint(f["name"], " state=", f["statecode"]))
	}
	for _, kind := range []string{"environments", "adminApplications", "applicationUsers", "teams", "appPermissions",
		"asyncOperations", "connections", "connectors", "lifecycleOperations"} {
		add("counts", fmt.Sprint(kind, "=", len(inv[kind])))
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}
