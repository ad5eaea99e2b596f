//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A command blocked on its input (a FIFO nobody writes, a pipe that never
// closes) ends within a second of SIGINT or SIGTERM, with exit 130.
func TestE2EASignalEndsABlockedRead(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "profile.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	cases := []struct {
		name string
		sig  syscall.Signal
		args []string
	}{
		{"validate a FIFO, SIGTERM", syscall.SIGTERM, []string{"validate", "-f", fifo}},
		{"validate a FIFO, SIGINT", syscall.SIGINT, []string{"validate", "-f", fifo}},
		{"recommend a FIFO, SIGTERM", syscall.SIGTERM, []string{"recommend", "-f", fifo}},
		{"import-coe an open pipe, SIGINT", syscall.SIGINT, []string{"import-coe", "-", "--tenant", "contoso.onmicrosoft.com"}},
		{"validate an open pipe, SIGTERM", syscall.SIGTERM, []string{"validate", "-f", "/dev/stdin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(binary, c.args...)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
			stdin, err := cmd.StdinPipe() // open, never written, never closed until the end
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitUntilBlocked(cmd.Process.Pid)
			sent := time.Now()
			_ = cmd.Process.Signal(c.sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("almwiz %s ignored %v for 2 s", strings.Join(c.args, " "), c.sig)
			}
			if took := time.Since(sent); took > time.Second || cmd.ProcessState.ExitCode() != 130 {
				t.Errorf("exit %d after %v, want 130 within a second; stderr: %s", cmd.ProcessState.ExitCode(), took, stderr.String())
			}
		})
	}
}

// Inputs that once made almwiz read without bound, exit 1 or overwrite a
// file: each exits 2 naming what is wrong and what to do, quickly.
func TestE2EHostileInputs(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"import-coe /dev/zero", nil, []string{"import-coe", "/dev/zero", "--tenant", "contoso.onmicrosoft.com"}, "larger than 1 MiB"},
		{"recommend -f /dev/zero", nil, []string{"recommend", "-f", "/dev/zero"}, "larger than"},
		{"validate -f /dev/zero", nil, []string{"validate", "-f", "/dev/zero"}, "larger than"},
		{"validate -f DIR", nil, []string{"validate", "-f", dir}, "is a directory; give the profile file in it"},
		{"import-coe DIR", nil, []string{"import-coe", dir, "--tenant", "contoso.onmicrosoft.com"}, "is a directory; give the profile file in it"},
		{"a sandbox URL off this machine", []string{"ALMWIZ_SANDBOX_URL=https://evil.example.com", "ALMWIZ_SANDBOX_CA=" + filepath.Join(dir, "ca.pem")},
			[]string{"apply", "--preset", "demo", "--yes", "--state-dir", filepath.Join(dir, "s1")}, "ALMWIZ_SANDBOX_URL"},
		{"a plain-http sandbox URL", nil, []string{"plan", "--preset", "demo", "--sandbox-url", "http://127.0.0.1:8443", "--sandbox-ca", "ca.pem"}, "--sandbox-url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			stderr, code, rss := almwizMeasured(t, c.env, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "goroutine ") {
				t.Errorf("exit %d, want 2 naming %q:\n%s", code, c.want, head(stderr, 1500))
			}
			if took := time.Since(start); took > 5*time.Second || rss > 200<<20 {
				t.Errorf("took %v and %d MiB", took, rss>>20)
			}
		})
	}
}

// almwizMeasured runs the binary with a 20 s limit and returns its standard
// error, exit code and peak memory (bytes).
func almwizMeasured(t *testing.T, env []string, args ...string) (string, int, int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	_ = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("almwiz %s did not end in 20 s", strings.Join(args, " "))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // KiB on Linux
	}
	return stderr.String(), cmd.ProcessState.ExitCode(), rss
}

// A credential in a CoE CLI file or a profile is refused naming the field,
// and is never printed or written out: not on standard error, not in the
// draft import-coe writes.
func TestE2ESecretsInInputsAreRefusedAndNeverShown(t *testing.T) {
	secrets := []string{"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst",
		"github_pat_11AAAAAAA0abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "abc1Q~abcdefghijklmnopqrstuvwxyz012345"}
	for _, file := range []string{"secret-in-organization-url.json", "secret-pat-in-environment-url.json", "secret-entra-client-secret-as-group.json"} {
		out := filepath.Join(t.TempDir(), "out.yaml")
		stdout, stderr, code := almwiz(t, nil, "import-coe", filepath.Join("testdata", "coe-broken", file), "--tenant", "contoso.onmicrosoft.com", "--file", out)
		draft, _ := os.ReadFile(out)
		if code != 2 {
			t.Errorf("import-coe %s: exit %d, want 2", file, code)
		}
		for _, s := range secrets {
			if strings.Contains(stdout+stderr+string(draft), s) {
				t.Errorf("import-coe %s shows or writes the secret %s…", file, s[:8])
			}
		}
	}
	for _, file := range []string{"secret-url-credentials.yaml", "secret-github-token-in-description.yaml", "secret-fine-grained-github-pat.yaml", "secret-devops-pat.yaml"} {
		for _, cmd := range [][]string{{"validate", "-f"}, {"plan", "-f"}} {
			stdout, stderr, code := almwiz(t, nil, append(cmd, filepath.Join("testdata", "profiles-broken", file))...)
			if code != 2 {
				t.Errorf("%s %s: exit %d, want 2", cmd[0], file, code)
			}
			for _, s := range secrets {
				if strings.Contains(stdout+stderr, s) {
					t.Errorf("%s %s shows the secret %s…", cmd[0], file, s[:8])
				}
			}
		}
	}
}

// import-coe --file and schema --file never replace a file without --force.
func TestE2EOutputFilesAreNotOverwrittenWithoutForce(t *testing.T) {
	for _, args := range [][]string{
		{"import-coe", "testdata/coe/complete-install.json", "--tenant", "contoso.onmicrosoft.com", "--file"},
		{"schema", "--file"},
	} {
		path := filepath.Join(t.TempDir(), "precious.yaml")
		if err := os.WriteFile(path, []byte("precious\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := almwiz(t, nil, append(args, path)...)
		if got, _ := os.ReadFile(path); code != 2 || string(got) != "precious\n" || !strings.Contains(stderr, "--force") {
			t.Errorf("%s onto an existing file: exit %d, file now %q; want exit 2 naming --force and the file kept:\n%s", args[0], code, head(string(got), 80), stderr)
		}
		if _, _, code := almwiz(t, nil, append(args, path, "--force")...); code != 0 {
			t.Errorf("%s --force: exit %d", args[0], code)
		}
		if got, _ := os.ReadFile(path); string(got) == "precious\n" {
			t.Errorf("%s --force did not replace the file", args[0])
		}
	}
}

// Another local user reaches the sandbox's port but not its control token:
// the issued secrets stay out of reach.
func TestE2ESandboxControlNeedsTheToken(t *testing.T) {
	sb := newE2ESandbox(t)
	anyone := &http.Client{Transport: sb.client.Transport.(*controlAuth).next}
	resp, err := anyone.Get(sb.URL + "/_sandbox/inventory?secrets=true")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /_sandbox/inventory?secrets=true without the token: %d, want 401", resp.StatusCode)
	}
	fi, err := os.Stat(filepath.Join(sb.Dir, "control-token"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("control-token: %v, want mode 0600", err)
	}
	if _, err := sb.Inventory(true); err != nil {
		t.Errorf("with the token: %v", err)
	}
}

// A template repository that is not Microsoft's is refused unless the
// profile names it in options.trustedSources; then plan shows it, marked.
func TestE2ESourcesOtherThanMicrosoftsNeedANamedOptIn(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("profiles", "presets", "enterprise.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fork := "https://github.com/someone/coe-alm-accelerator-templates"
	untrusted := strings.Replace(string(base), "repository: https://github.com/microsoft/coe-alm-accelerator-templates", "repository: "+fork, 1)
	dir := t.TempDir()
	path := filepath.Join(dir, "fork.yaml")
	if err := os.WriteFile(path, []byte(untrusted), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := almwiz(t, nil, "plan", "-f", path); code != 2 || !strings.Contains(stderr, "options.trustedSources") {
		t.Errorf("plan of an untrusted fork: exit %d, want 2 naming options.trustedSources:\n%s", code, stderr)
	}
	trusted := strings.Replace(untrusted, "  appUserRole: System Administrator", "  appUserRole: System Administrator\n  trustedSources: [\""+fork+"\"]", 1)
	if err := os.WriteFile(path, []byte(trusted), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := almwiz(t, nil, "plan", "-f", path, "--no-color")
	if code != 0 || !strings.Contains(stdout, fork+" @ CenterofExcellenceALMAccelerator-March2024 (NOT Microsoft's") ||
		!strings.Contains(stdout, "Template import into pipelines from "+fork) {
		t.Errorf("plan of a trusted fork: exit %d, want the source and ref shown and marked:\n%s%s", code, stdout, stderr)
	}
}

// Someone with access to the state directory marks pre-existing
// environments as created by us in state.json: destroy refuses to delete
// them, naming each (all in one run with --continue-on-error), because the
// environments themselves do not carry almwiz's mark.
func TestE2EDestroyProvesOwnershipFromTheCloud(t *testing.T) {
	sb := newE2ESandbox(t)
	if err := sb.SeedPreset("enterprise"); err != nil {
		t.Fatal(err)
	}
	c := newE2EClient(t, sb, "enterprise")
	if err := c.Install(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.StateDir, "state.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"test", "production"} {
		rec, _ := st["steps"].(map[string]any)["powerplatform/environment/"+env].(map[string]any)
		if rec == nil {
			t.Fatalf("state.json has no record of the %s environment:\n%s", env, head(string(data), 2000))
		}
		rec["createdByUs"] = true
	}
	data, _ = json.Marshal(st)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// One step at a time: without --continue-on-error the first refusal
	// would end the run.
	r, err := c.Run(nil, "destroy", "--continue-on-error", "--parallelism", "1")
	if err != nil {
		t.Fatal(err)
	}
	out := r.Stdout + r.Stderr
	if r.Code != 1 || strings.Count(out, "does not carry almwiz's mark") < 2 || !strings.Contains(out, "contoso-test") || !strings.Contains(out, "contoso-prod") {
		t.Errorf("destroy: exit %d, want 1 and a refusal naming each environment:\n%s", r.Code, tail(out, 3000))
	}
	inv, err := sb.Inventory(false)
	if err != nil {
		t.Fatal(err)
	}
	found := map[any]bool{}
	for _, e := range inv["environments"].([]any) {
		props, _ := e.(map[string]any)["properties"].(map[string]any)
		meta, _ := props["linkedEnvironmentMetadata"].(map[string]any)
		found[meta["domainName"]] = true
	}
	if !found["contoso-test"] || !found["contoso-prod"] {
		t.Errorf("destroy deleted an environment that existed before the install: %v", found)
	}
}

// waitUntilBlocked waits until the process has started and stopped using
// the CPU (it is blocked on its input): its CPU time in /proc stays the same
// for 300 ms. A signal sent before almwiz installed its handler would kill it
// outright. At least half a second, at most ten.
func waitUntilBlocked(pid int) {
	start, last, since := time.Now(), "", time.Now()
	for time.Since(start) < 10*time.Second {
		time.Sleep(50 * time.Millisecond)
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			time.Sleep(time.Second) // no /proc: wait a fixed while
			return
		}
		f := strings.Fields(string(data))
		if len(f) < 15 {
			return
		}
		cpu := f[13] + "/" + f[14] // utime/stime
		if cpu != last {
			last, since = cpu, time.Now()
			continue
		}
		if time.Since(since) >= 300*time.Millisecond && time.Since(start) >= 500*time.Millisecond {
			return
		}
	}
}
