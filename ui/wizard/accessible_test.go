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
	in := "2\n1\n" + strings.Repeat("\n", asked) + "y\n" + strings.Repeat("\n", len(buildFields(p))) + "\n" + "3\n\n"
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

func TestAccessibleModeAddsAndRemovesAnEnvironment(t *testing.T) {
	p := demo(t)
	asked := 0
	for _, q := range profiles.Questions {
		if q.Visible(p.Answers) {
			asked++
		}
	}
	like := p.Environments[1].Name
	added := cloneProfile(p)
	path, _ := addEntry(added, entry{kind: entryEnvironment, name: like})
	newFields := 0
	for _, f := range buildFields(added) {
		if strings.HasPrefix(f.path, path) {
			newFields++
		}
	}
	// Keep every default, add an environment like the second one, keep its
	// values, then try to remove the host (refused) and quit with an export.
	in := "2\n1\n" + strings.Repeat("\n", asked) + "y\n" + strings.Repeat("\n", len(buildFields(p))) +
		"y\n1\n2\n" + strings.Repeat("\n", newFields) + "y\n2\n1\n" + "\n" + "3\n\n"
	var out bytes.Buffer
	res, err := Run(context.Background(), Options{Accessible: true, Input: iotest.OneByteReader(strings.NewReader(in)), Output: &out, WriteFile: func(string, []byte, bool) error { return nil }})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"Add or remove an environment / organization / tenant?", "added " + like + "-2", "host stays: it is the only host environment"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible output lacks %q\n%s", want, text)
		}
	}
	if res.Profile == nil || res.Profile.Validate() != nil || len(res.Profile.Environments) != len(p.Environments)+1 {
		t.Errorf("result %+v", res.Profile)
	}
}
