package wizard

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/iotest"

	"almwiz/profiles"
)

// Pressing Enter through every planning question, in the screens and in
// the accessible mode, recommends the simplest installation: one tenant
// and one Azure DevOps organization.
func TestEnterThroughEveryQuestionRecommendsTheSimplestInstallation(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"))
	for i := 0; i < 30; i++ {
		if _, ok := m.current.(*questions); !ok {
			break
		}
		sendAll(t, m, key("enter"))
	}
	r, ok := m.current.(*recommendation)
	if !ok {
		t.Fatalf("after the questions: %T, want recommendation", m.current)
	}
	if r.rec.Tenant.Model == string(profiles.TenantMultiTenant) || r.rec.DevOps.Model != string(profiles.DevOpsOneToOne) {
		t.Errorf("Enter through every question recommends %s / %s, want one tenant and 1:1", r.rec.Tenant.Model, r.rec.DevOps.Model)
	}

	// The accessible mode: start from scratch, Enter at every question,
	// then quit at the first prompt after the recommendation.
	in := "1\n" + strings.Repeat("\n", len(profiles.Questions))
	var out bytes.Buffer
	_, _ = Run(context.Background(), Options{Accessible: true, Input: iotest.OneByteReader(strings.NewReader(in)), Output: &out, WriteFile: func(string, []byte, bool) error { return nil }})
	text := out.String()
	if !strings.Contains(text, "Tenant model: "+strings.ToUpper(r.rec.Tenant.Model)) || !strings.Contains(text, "Azure DevOps model: 1:1") {
		t.Errorf("the accessible mode recommends otherwise than the screens (%s / 1:1):\n%s", r.rec.Tenant.Model, text)
	}
}
