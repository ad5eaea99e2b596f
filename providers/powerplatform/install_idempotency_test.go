package powerplatform_test

import (
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestInstallTwiceCreatesOnceAndWritesNothingTheSecondTime(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: 500 * time.Millisecond})
	first := install(t, w)
	for step, o := range first {
		if o == powerplatform.Found {
			t.Errorf("first run: %s was found, want created or updated", step)
		}
	}
	mark := w.requestCount()
	second := install(t, w)
	for step, o := range second {
		if o != powerplatform.Found {
			t.Errorf("second run: %s = %s, want found", step, o)
		}
	}
	if writes := w.writesSince(mark); len(writes) > 0 {
		t.Errorf("second run wrote:\n%v", writes)
	}
	inv := w.inventory(false)
	for kind, want := range map[string]int{"adminApplications": 1, "applicationUsers": 1, "teams": 1, "appPermissions": 1,
		"solutions": 2, "asyncOperations": 2, "connectionReferences": 4, "connections": 4} {
		if got := len(inv[kind]); got != want {
			t.Errorf("inventory has %d %s, want %d", got, kind, want)
		}
	}
}
