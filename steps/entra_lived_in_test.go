package steps

import (
	"testing"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestAGuestAdminAdoptsTheAppRegistrationTheyStartedByHand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{World: emulator.WorldLivedIn})
	before := h.inventory("applications")
	if len(before) != 1 || before[0]["uniqueName"] != nil {
		t.Fatalf("the lived-in tenant's apps = %v, want one without uniqueName", before)
	}
	plan, _ := entraPlan(h)
	dir := t.TempDir()
	first, err := entraRun(t, plan, dir)
	if err != nil {
		t.Fatalf("first run: %v\n%v", err, kinds(first))
	}
	if k := kinds(first)[IDAppRegistration]; k != EventUpdated {
		t.Errorf("app registration: %s, want updated (adopted, not created)", k)
	}
	after := h.inventory("applications")
	if len(after) != 1 || after[0]["id"] != before[0]["id"] || after[0]["uniqueName"] != "ALMAcceleratorServicePrincipal" {
		t.Errorf("apps after = %v, want the same app with its uniqueName set", after)
	}
	mark := len(h.requests())
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if w := h.writes(mark); len(w) > 0 {
		t.Errorf("second run wrote: %v", w)
	}
}
