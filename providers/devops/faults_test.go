package devops_test

import (
	"fmt"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

func TestInstallUnderThrottlingAndOutagesConvergesToTheSameInventory(t *testing.T) {
	for _, seed := range []int64{1, 7, 42} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond, Faults: "429=20%,503=10%", Seed: seed})
			c := newClient(t, srv, "contoso", signIn(t, srv))
			ctx, in := testContext(t), newInstall()
			r, err := in.run(ctx, c, true)
			check(t, "install under faults", err)
			checkInstalled(t, srv, in, r)
			faults := 0
			for _, l := range requests(t, srv) {
				if l.Fault != "" {
					faults++
				}
			}
			if faults == 0 {
				t.Error("no fault was injected")
			}
			n := len(requests(t, srv))
			_, err = in.run(ctx, c, true)
			check(t, "second run under faults", err)
			if w := writesSince(t, srv, n); len(w) != 0 {
				t.Errorf("second run wrote: %v", w)
			}
		})
	}
}
