package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"almwiz/profiles"
)

type result struct {
	stdout, stderr string
	code           int
	err            error
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a run,
// as os.Stderr is (a device code shown while steps report).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// run executes almwiz in-process with args and env (nil: empty environment).
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut lockedBuffer
	o := &Options{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		IsTTY:  func() bool { return false },
	}
	err := Execute(context.Background(), o, "test", args)
	code := 0
	var coded interface{ ExitCode() int }
	switch {
	case errors.As(err, &coded):
		code = coded.ExitCode()
	case err != nil:
		code = 1
	}
	return result{out.String(), errOut.String(), code, err}
}

func TestExitCodesOfTheCommandLine(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no command without a terminal prints help", nil, 2},
		{"unknown command", []string{"bogus"}, 2},
		{"unknown flag", []string{"validate", "--bogus"}, 2},
		{"bad output format", []string{"version", "--output", "xml"}, 2},
		{"bad scope", []string{"plan", "--scope", "everything"}, 2},
		{"profile and preset together", []string{"validate", "-f", "x.yaml", "--preset", "demo"}, 2},
		{"valid preset", []string{"validate", "--preset", "demo"}, 0},
		{"unknown preset", []string{"validate", "--preset", "huge"}, 2},
		{"broken profile", []string{"validate", "-f", "../../testdata/profiles/broken.yaml"}, 2},
		{"missing profile file", []string{"validate", "-f", "does-not-exist.yaml"}, 2},
		{"recommend without answers", []string{"recommend"}, 2},
		{"recommend with a bad answer", []string{"recommend", "--answer", "tenant.users=lots"}, 2},
		{"wizard without a terminal", []string{"wizard"}, 2},
		{"apply with a broken profile", []string{"apply", "-f", "../../testdata/profiles/broken.yaml"}, 2},
		{"sandbox on a public address", []string{"sandbox", "serve", "--addr", "0.0.0.0:8443"}, 2},
		{"version", []string{"version"}, 0},
		{"plan of a preset, signed in to nothing", []string{"plan", "--preset", "multi-tenant", "--state-dir", "testdata/none"}, 0},
		{"plan with detailed exit code", []string{"plan", "--preset", "demo", "--state-dir", "testdata/none", "--detailed-exitcode"}, 2},
		{"status without a checkpoint", []string{"status", "--preset", "demo", "--state-dir", "testdata/none"}, 2},
		{"schema", []string{"schema"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, nil, c.args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d (err: %v)", r.code, c.code, r.err)
			}
		})
	}
}

func TestValidateListsEveryProblemWithPosition(t *testing.T) {
	r := run(t, nil, "validate", "-f", "../../testdata/profiles/broken.yaml")
	msg := r.err.Error()
	for _, want := range []string{"metadata.name (line 4, col 9)", "environments.test.url (line 34, col 10)", `unknown key "tenat"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	r = run(t, nil, "validate", "-f", "../../testdata/profiles/broken.yaml", "--output", "json")
	var res struct {
		Valid    bool               `json:"valid"`
		Problems []profiles.Problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Valid || len(res.Problems) < 5 || r.code != 2 {
		t.Errorf("json validation: %v %+v exit %d", err, res, r.code)
	}
}

func TestRecommendPrintsModelsReasonsAndWarnings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "answers.yaml")
	os.WriteFile(file, []byte("apiVersion: almwiz/v1\nkind: PlanningAnswers\nanswers:\n  tenant.demo-wanted: \"yes\"\n  devops.separate-maker-deployments: \"yes\"\n"), 0o644)
	r := run(t, nil, "recommend", "-f", file)
	for _, want := range []string{"Tenant model: DEMO", "Azure DevOps model: MANY:MANY", "does not recommend many:many", "experiment"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("missing %q in:\n%s", want, r.stdout)
		}
	}
	r = run(t, nil, "recommend", "-f", file, "--output", "json")
	var rec profiles.Recommendation
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || rec.Tenant.Model != "demo" || rec.DevOps.Model != "many:many" || len(rec.DevOps.Warnings) == 0 {
		t.Errorf("json: %v %+v", err, rec)
	}
}

func TestColourFollowsNoColorAndTheTerminal(t *testing.T) {
	// Output to a buffer is not a terminal: never any escape sequence.
	for _, env := range []map[string]string{nil, {"NO_COLOR": "yes"}} {
		r := run(t, env, "recommend", "--preset", "demo")
		if strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("escape sequences with env %v:\n%q", env, r.stdout)
		}
	}
	o := &Options{Getenv: func(k string) string { return map[string]string{"NO_COLOR": "anything"}[k] }}
	if err := o.fromEnvironment(newRoot(o, "test", new(bool))); err != nil || !o.NoColor {
		t.Errorf("NO_COLOR=anything must turn colour off (err %v)", err)
	}
}

func TestEnvironmentMirrorsFlagsAndCITurnsOffInput(t *testing.T) {
	r := run(t, map[string]string{"ALMWIZ_PRESET": "enterprise"}, "validate")
	if r.code != 0 || !strings.Contains(r.stdout, "contoso-enterprise is valid") {
		t.Errorf("ALMWIZ_PRESET not applied: exit %d %s %v", r.code, r.stdout, r.err)
	}
	if r := run(t, map[string]string{"ALMWIZ_SCOPE": "everything"}, "version"); r.code != 2 {
		t.Errorf("a bad ALMWIZ_SCOPE must exit 2, got %d", r.code)
	}
	if r := run(t, map[string]string{"ALMWIZ_PRESET": "enterprise"}, "validate", "--preset", "demo"); !strings.Contains(r.stdout, "demo is valid") {
		t.Errorf("a flag must win over the environment: %s", r.stdout)
	}
	var out bytes.Buffer
	o := &Options{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, IsTTY: func() bool { return true },
		Getenv: func(k string) string { return map[string]string{"CI": "true"}[k] }}
	err := Execute(context.Background(), o, "test", []string{"wizard"})
	var usage *UsageError
	if !errors.As(err, &usage) {
		t.Errorf("CI=true must turn off input even on a terminal: %v", err)
	}
}

func TestImportCoEWritesAProfileOrADraftThatSaysWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "contoso.yaml")
	r := run(t, nil, "import-coe", "../../testdata/coe/complete-install.json", "--tenant", "contoso.onmicrosoft.com", "--file", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %v", r.code, r.err)
	}
	if r := run(t, nil, "validate", "-f", out); r.code != 0 {
		t.Errorf("imported profile does not validate: %v", r.err)
	}
	r = run(t, nil, "import-coe", "../../testdata/coe/coe-cli_test2.json")
	if r.code != 2 || !strings.Contains(r.stdout, "DRAFT") || !strings.Contains(r.err.Error(), "tenants.main.domain") {
		t.Errorf("draft: exit %d\n%s\n%v", r.code, r.stdout, r.err)
	}
	if !strings.Contains(r.stderr, "--tenant") {
		t.Errorf("warnings not printed:\n%s", r.stderr)
	}
}
