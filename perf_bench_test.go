//go:build linux

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/steps"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// perfPresets are the presets the process benchmarks run.
var perfPresets = []string{"demo", "enterprise", "multi-tenant"}

// BenchmarkFirstWizardFrame measures, in a pseudo-terminal of 80×24, the
// time from starting the process to the wizard's first question on screen.
func BenchmarkFirstWizardFrame(b *testing.B) {
	for _, args := range [][]string{nil, {"--sandbox"}} {
		b.Run("args="+strings.Join(append([]string{"almwiz"}, args...), "_"), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				total += perfFirstFrame(b, "How do you want to start?", args...)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/frame")
		})
	}
}

// perfFirstFrame starts the binary in a pseudo-terminal and returns how long
// it took until the emulated screen showed marker.
func perfFirstFrame(b *testing.B, marker string, args ...string) time.Duration {
	b.Helper()
	dir := b.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TERM=xterm-256color", "XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = f.Close() }()
	term := vt10x.New(vt10x.WithSize(80, 24), vt10x.WithWriter(f))
	seen := make(chan time.Duration, 1)
	go func() {
		buf, rest := make([]byte, 8192), []byte(nil)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				data := append(rest, buf[:n]...)
				w, _ := term.Write(data)
				rest = append([]byte(nil), data[w:]...)
				if strings.Contains(term.String(), marker) {
					seen <- time.Since(start)
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case d := <-seen:
		return d
	case <-time.After(20 * time.Second):
		b.Fatalf("almwiz %v never showed %q", args, marker)
	}
	return 0
}

// BenchmarkPlanCommand times `almwiz plan --preset P`, a whole process.
func BenchmarkPlanCommand(b *testing.B) {
	for _, preset := range perfPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			dir := b.TempDir()
			var total time.Duration
			for b.Loop() {
				cmd := exec.Command(binary, "plan", "--preset", preset, "--state-dir", filepath.Join(dir, "state"), "--no-color")
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("almwiz plan --preset %s: %v\n%s", preset, err, out)
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/plan")
		})
	}
}

// BenchmarkApplyProcess runs `almwiz apply` as a process against an external
// sandbox (`almwiz sandbox serve --latency 50ms`) for each preset and reports
// the process's peak resident memory (ru_maxrss of the child), its wall
// time (start to exit: sign-in, plan, runner, final save), the runner's own
// time, and each over the critical path computed from its NDJSON events.
// The process's ratio is the figure a user experiences.
func BenchmarkApplyProcess(b *testing.B) {
	for _, preset := range perfPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			for b.Loop() {
				base, ca := perfSandbox(b)
				dir := b.TempDir()
				cmd := exec.Command(binary, "apply", "--preset", preset, "--sandbox-url", base, "--sandbox-ca", ca,
					"--state-dir", filepath.Join(dir, "state"), "--no-input", "--yes", "--output", "ndjson")
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
				var out, errOut bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				start := time.Now()
				err := cmd.Run()
				wall := time.Since(start)
				if err != nil {
					b.Fatalf("apply --preset %s: %v\n%s", preset, err, errOut.String())
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				runner, critical := perfCriticalPath(b, preset, out.Bytes())
				b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
				b.ReportMetric(wall.Seconds(), "process-s")
				b.ReportMetric(runner.Seconds(), "runner-s")
				b.ReportMetric(critical.Seconds(), "critical-s")
				b.ReportMetric(float64(wall)/float64(critical), "process/critical")
				b.ReportMetric(float64(runner)/float64(critical), "runner/critical")
			}
		})
	}
}

// perfCriticalPath reads an apply's NDJSON events: the runner's elapsed
// time (from the "done" event) and the plan's critical path.
func perfCriticalPath(b *testing.B, preset string, ndjson []byte) (runner, critical time.Duration) {
	b.Helper()
	p, err := profiles.Preset(preset)
	if err != nil {
		b.Fatal(err)
	}
	// Built as `almwiz plan` builds it: clients that are never called.
	ep := cloud.Public(profiles.Clouds[p.Cloud])
	plan, err := steps.Build(p, &steps.Clients{Endpoints: ep, HTTP: &http.Client{},
		Signer: auth.New(auth.Options{Endpoints: ep, Getenv: func(string) string { return "" }})})
	if err != nil {
		b.Fatal(err)
	}
	started := map[string]time.Time{}
	durations := map[string]time.Duration{}
	sc := bufio.NewScanner(bytes.NewReader(ndjson))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e steps.Event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		switch e.Kind {
		case steps.EventStarted:
			if _, ok := started[e.StepID]; !ok {
				started[e.StepID] = e.Time
			}
		case steps.EventCreated, steps.EventUpdated, steps.EventUnchanged, steps.EventManual, steps.EventFailed:
			durations[e.StepID] = e.Time.Sub(started[e.StepID])
		case steps.EventDone:
			runner = e.Elapsed
		}
	}
	critical, _ = plan.CriticalPath(durations)
	if critical <= 0 || runner <= 0 {
		b.Fatalf("no step durations or no done event in the NDJSON of apply --preset %s", preset)
	}
	return runner, critical
}

// perfSandbox starts `almwiz sandbox serve` on loopback with 50 ms latency
// and returns its base URL and CA file; it is stopped when b ends.
func perfSandbox(b *testing.B) (string, string) {
	b.Helper()
	data := b.TempDir()
	cmd := exec.Command(binary, "sandbox", "serve", "--addr", "127.0.0.1:0", "--data", data, "--latency", "50ms", "--approve-after", "100ms")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + data}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var once sync.Once
	b.Cleanup(func() {
		once.Do(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	})
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		b.Fatalf("sandbox serve printed no URL: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, r) }()
	return strings.TrimSpace(line), filepath.Join(data, "ca.pem")
}
