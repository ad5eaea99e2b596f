package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// Grant checks run a few at a time, yet name the missing grants in the
// grants' order, and an error of any check is returned.
func TestObserveGrantsChecksConcurrentlyInOrder(t *testing.T) {
	var inFlight, most atomic.Int32
	check := func(ok bool, err error) func(context.Context) (bool, error) {
		return func(context.Context) (bool, error) {
			n := inFlight.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			inFlight.Add(-1)
			return ok, err
		}
	}
	var grants []grant
	for i := range 10 {
		grants = append(grants, grant{what: fmt.Sprint("g", i), has: check(i%3 != 0, nil)})
	}
	missing, err := observeGrants(context.Background(), grants)
	if err != nil || !slices.Equal(missing, []string{"g0", "g3", "g6", "g9"}) {
		t.Errorf("missing %v, err %v; want [g0 g3 g6 g9]", missing, err)
	}
	if m := most.Load(); m < 2 || m > grantChecks {
		t.Errorf("%d checks in flight at most; want 2 to %d", m, grantChecks)
	}
	boom := errors.New("read permissions: 503")
	grants[7].has = check(false, boom)
	if _, err := observeGrants(context.Background(), grants); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the failed check's", err)
	}
}
