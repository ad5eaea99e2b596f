package wizard

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

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

// Ctrl+D (the end of input) or Ctrl+C (SIGINT cancels the context) at a
// prompt quits the accessible wizard with exit 130, instead of taking the
// default and carrying on.
func TestAccessibleModeQuitsOnCtrlCAndCtrlD(t *testing.T) {
	cases := map[string]func() (context.Context, io.Reader){
		"Ctrl+D at the third prompt": func() (context.Context, io.Reader) {
			return context.Background(), iotest.OneByteReader(strings.NewReader("2\n1\n"))
		},
		"Ctrl+C while a prompt waits": func() (context.Context, io.Reader) {
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			time.AfterFunc(200*time.Millisecond, cancel)
			r, w := io.Pipe()
			t.Cleanup(func() { w.Close() })
			go func() { _, _ = w.Write([]byte("2\n")) }()
			return ctx, r
		},
	}
	for name, input := range cases {
		t.Run(name, func(t *testing.T) {
			ctx, in := input()
			var out bytes.Buffer
			done := make(chan struct{})
			var res Result
			var err error
			go func() {
				defer close(done)
				res, err = Run(ctx, Options{Accessible: true, Input: in, Output: &out, WriteFile: func(string, []byte, bool) error { return nil }})
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("the wizard did not quit:\n%s", out.String())
			}
			var quit *QuitError
			if !errors.As(err, &quit) || quit.ExitCode() != 130 {
				t.Fatalf("Run returned %v, want a QuitError (exit 130)\n%s", err, out.String())
			}
			if res.Profile != nil || res.Install {
				t.Errorf("quitting chose a profile: %+v", res)
			}
		})
	}
}
