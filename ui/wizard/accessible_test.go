package wizard

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/iotest"

	"almwiz/profiles"
)

func TestAccessibleModeAsksLineByLineAndExports(t *testing.T) {
	var written []byte
	write := func(_ string, data []byte, _ bool) error { written = data; return nil }
	// Preset demo, keep every answer and default, accept, then quit with
	// the profile exported to the default path.
	p := demo(t)
	asked := 0
	for _, q := range profiles.Questions {
		if q.Visible(p.Answers) {
			asked++
		}
	}
	in := "2\n1\n" + strings.Repeat("\n", asked) + "y\n" + strings.Repeat("\n", len(buildFields(p))) + "3\n\n"
	var out bytes.Buffer
	res, err := Run(context.Background(), Options{Accessible: true, Input: iotest.OneByteReader(strings.NewReader(in)), Output: &out, WriteFile: write})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"Microsoft has deprecated the ALM Accelerator", "How do you want to start?", "Why it matters:", "Tenant model: DEMO", "Accept the recommended models?", "Details", "What next?", "exported to ./demo.yaml"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible output lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("accessible output holds escape codes")
	}
	if res.Profile == nil || res.Profile.Validate() != nil || string(res.Profile.Models.Tenant) != "demo" || res.Exported != "./demo.yaml" || len(written) == 0 {
		t.Errorf("result %+v\n%s", res, text)
	}
}
