package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The crash matrix (issues 5 and 7): the apply process is killed with
// SIGKILL at many points — right after a step starts (its first requests in
// flight, the sandbox adding 30 ms per request and 300 ms per long-running
// operation), while a long-running operation runs (project creation,
// template import, environment creation, solution import), right after a
// step ends (between steps) and right after the client secret is created —
// then resumed to the end. The final inventory must equal a clean install's:
// nothing created twice, exactly one client secret, nothing missing.
//
// The kill points come from the plans (`almwiz plan --preset P --output
// json`): each names a step id the plan holds, so a renamed step moves its
// kill point with it. Every kill point must be exercised — the process
// killed at its event — or the test fails: a kill point whose event never
// comes proves nothing.
//
// By default one kill inside every step kind runs, the kinds spread over the
// presets, plus the kill after the secret for each preset. The full matrix
// (every kind of every preset started, finished and inside its operation)
// runs with
//
//	ALMWIZ_LONG=1 go test -run TestE2ECrashMatrix -timeout 60m -v .

// longRunning are the kinds whose step waits for a remote operation, and the
// progress message that says the operation is under way.
var longRunning = map[string]*regexp.Regexp{
	"devops/project":            regexp.MustCompile(`operation .*inProgress`),
	"devops/repository":         regexp.MustCompile(`import inProgress`),
	"powerplatform/environment": regexp.MustCompile(`(?i)operation|creating|provisioning|waiting`),
	// Any poll of the import: each comes after the operation is recorded; on
	// a loaded machine the first poll may already say it succeeded.
	"powerplatform/creator-kit":  regexp.MustCompile(`importing \S+… `),
	"powerplatform/alm-solution": regexp.MustCompile(`importing \S+… `),
}

// stepKind names the kind of a step id: its service and what it provisions,
// without the tenant, organization, project or environment.
func stepKind(id string) string {
	p := strings.Split(id, "/")
	switch {
	case len(p) < 2:
		return id
	case p[0] == "entra":
		return "entra/" + p[1]
	case p[0] == "devops" && len(p) == 3:
		return "devops/" + p[2]
	case p[0] == "devops" && len(p) >= 4:
		return "devops/" + p[3]
	case p[0] == "powerplatform" && (p[1] == "environment" || p[1] == "management-app" || len(p) < 3):
		return "powerplatform/" + p[1]
	}
	return "powerplatform/" + p[2]
}

// killPoint is where a run is killed: at the first event of Event for the
// step Step (whose message matches Message, if set).
type killPoint struct {
	Preset, Event, Step string
	Message             *regexp.Regexp
}

func (k killPoint) String() string {
	s := k.Preset + " " + k.Event + " " + k.Step
	if k.Message != nil {
		s += " (in operation)"
	}
	return s
}

func (k killPoint) match(e e2eEvent) bool {
	if e.Step != k.Step {
		return false
	}
	if k.Event == "finished" {
		return e.Kind == "created" || e.Kind == "updated" || e.Kind == "unchanged"
	}
	return e.Kind == k.Event && (k.Message == nil || k.Message.MatchString(e.Message))
}

// planKinds is a preset's plan as the binary prints it: the kinds of step
// in plan order, each with the first step id of that kind.
type planKinds struct {
	kinds []string
	first map[string]string
}

// presetPlan reads the plan of a preset from `almwiz plan --output json`.
func presetPlan(t *testing.T, preset string) planKinds {
	t.Helper()
	out, err := exec.Command(binary, "plan", "--preset", preset, "--output", "json").Output()
	if err != nil {
		t.Fatalf("almwiz plan --preset %s: %v", preset, err)
	}
	var steps []struct {
		Step string `json:"step"`
	}
	if err := json.Unmarshal(out, &steps); err != nil || len(steps) == 0 {
		t.Fatalf("almwiz plan --preset %s --output json: %d steps, %v", preset, len(steps), err)
	}
	p := planKinds{first: map[string]string{}}
	for _, s := range steps {
		k := stepKind(s.Step)
		if _, seen := p.first[k]; !seen {
			p.kinds = append(p.kinds, k)
			p.first[k] = s.Step
		}
	}
	return p
}

// crashMatrix derives the kill points from the presets' plans.
func crashMatrix(t *testing.T, long bool) []killPoint {
	t.Helper()
	plans := map[string]planKinds{}
	var kinds []string // every kind of every plan, in first-seen order
	for _, preset := range e2ePresets {
		plans[preset.Name] = presetPlan(t, preset.Name)
		for _, k := range plans[preset.Name].kinds {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	for k := range longRunning {
		if !slices.Contains(kinds, k) {
			t.Errorf("longRunning names %q, a kind of step no plan holds", k)
		}
	}
	for _, k := range []string{"entra/client-secret", "powerplatform/environment"} {
		if !slices.Contains(kinds, k) {
			t.Fatalf("no plan holds a step of kind %q", k)
		}
	}
	var out []killPoint
	add := func(preset, event, kind string, msg *regexp.Regexp) {
		out = append(out, killPoint{Preset: preset, Event: event, Step: plans[preset].first[kind], Message: msg})
	}
	if !long {
		// Each kind once, in the preset its turn falls to (or the next
		// one whose plan has it); environment creation wherever a plan
		// creates environments; the kill after the secret everywhere.
		for j, kind := range kinds {
			for i := range e2ePresets {
				preset := e2ePresets[(j+i)%len(e2ePresets)]
				if _, ok := plans[preset.Name].first[kind]; ok && !(kind == "powerplatform/environment" && !preset.CreatesEnv) {
					add(preset.Name, "started", kind, nil)
					break
				}
			}
		}
		for _, preset := range e2ePresets {
			if preset.CreatesEnv && !slices.ContainsFunc(out, func(k killPoint) bool {
				return k.Preset == preset.Name && stepKind(k.Step) == "powerplatform/environment"
			}) {
				add(preset.Name, "started", "powerplatform/environment", nil)
			}
			add(preset.Name, "created", "entra/client-secret", nil)
		}
		return out
	}
	for _, preset := range e2ePresets {
		for _, kind := range plans[preset.Name].kinds {
			if kind == "powerplatform/environment" && !preset.CreatesEnv {
				continue // seeded: found, never created, so no operation to kill
			}
			add(preset.Name, "started", kind, nil)
			add(preset.Name, "finished", kind, nil)
			if re, ok := longRunning[kind]; ok {
				add(preset.Name, "progress", kind, re)
			}
		}
		add(preset.Name, "created", "entra/client-secret", nil)
	}
	return out
}

func TestE2ECrashMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and resumes dozens of installs")
	}
	points := crashMatrix(t, e2eLong())
	if re := os.Getenv("ALMWIZ_E2E_KILL"); re != "" { // e.g. ALMWIZ_E2E_KILL='demo started entra/' to replay some
		only := regexp.MustCompile(re)
		points = slices.DeleteFunc(points, func(k killPoint) bool { return !only.MatchString(k.String()) })
		if len(points) == 0 {
			t.Fatalf("ALMWIZ_E2E_KILL=%q matches no kill point", re)
		}
	}
	clean := map[string]normalInventory{}
	for _, p := range e2ePresets {
		clean[p.Name] = cleanInventory(t, p.Name)
	}
	var mu sync.Mutex
	exercised := map[string]int{}
	unlocks, atEnd := 0, 0
	var jobs []func()
	start := time.Now()
	for _, kp := range points {
		jobs = append(jobs, func() {
			killed, forced, err := crashAndResume(t, kp, clean[kp.Preset])
			mu.Lock()
			defer mu.Unlock()
			unlocks += forced
			switch {
			case errors.Is(err, errLastToFinish):
				atEnd++
				t.Logf("kill at %s: %v", kp, err)
			case err != nil:
				t.Errorf("kill at %s: %v", kp, err)
			case !killed:
				t.Errorf("kill at %s: the event never came (the install ran to the end), so this kill point proves nothing", kp)
			default:
				exercised[kp.Preset]++
			}
		})
	}
	runPool(6, jobs)
	total := 0
	for _, p := range e2ePresets {
		total += exercised[p.Name]
		t.Logf("%s: %d kill points exercised", p.Name, exercised[p.Name])
	}
	t.Logf("crash matrix: %d of %d kill points exercised in %v, %d after the run's last step (%d resumes broke a lock with --force-unlock)",
		total, len(points), time.Since(start).Round(time.Second), atEnd, unlocks)
	if total+atEnd != len(points) {
		t.Errorf("%d of %d kill points were not exercised", len(points)-total-atEnd, len(points))
	}
}

// crashAndResume kills one install at kp, finishes it and compares the
// result with the clean install's.
func crashAndResume(t *testing.T, kp killPoint, clean normalInventory) (killed bool, unlocks int, err error) {
	sb, err := startE2ESandbox(t, t.TempDir(), "127.0.0.1:0", "--latency", "30ms", "--operation-delay", "300ms")
	if err != nil {
		return false, 0, err
	}
	defer sb.Stop()
	c := newE2EClient(t, sb, kp.Preset)
	r, err := c.Run(kp.match, "apply")
	if err != nil {
		return false, 0, err
	}
	made := false
	if !r.Killed {
		// The step runs only once the connections exist (flows), or the event
		// came too late: go on to the end, then resume with the same kill.
		if err := c.FinishInstallUntil(kp.match, &made, &r); err != nil {
			return false, c.Unlocks, err
		}
		if !r.Killed {
			return false, c.Unlocks, nil
		}
	}
	if !r.DiedOfKill {
		if kp.Event == "finished" && r.Code == 0 && lastStepEvent(r.Events, kp) {
			return false, c.Unlocks, errLastToFinish
		}
		return false, c.Unlocks, errors.New("the event came, but the process ended by itself before SIGKILL reached it")
	}
	if err := c.FinishInstall(&made); err != nil {
		return true, c.Unlocks, err
	}
	raw, err := sb.Inventory(false)
	if err != nil {
		return true, c.Unlocks, err
	}
	if n := almwizSecretCount(raw); n != 1 {
		return true, c.Unlocks, fmt.Errorf("%d client secrets named almwiz, want 1", n)
	}
	if d := clean.diff(normalise(raw)); d != "" {
		return true, c.Unlocks, fmt.Errorf("the inventory differs from a clean install's:\n%s", d)
	}
	return true, c.Unlocks, nil
}

// errLastToFinish: the kill point is the end of the step that finished
// last, after which the run only saves and exits; the SIGKILL came too late,
// and there is no step boundary left to crash in.
var errLastToFinish = errors.New("the step finished last and the run exited 0 before SIGKILL reached it: no later step to crash before")

// lastStepEvent says whether kp's event was followed by no other step's start.
func lastStepEvent(events []e2eEvent, kp killPoint) bool {
	i := slices.IndexFunc(events, kp.match)
	return i >= 0 && !slices.ContainsFunc(events[i+1:], func(e e2eEvent) bool { return e.Kind == "started" })
}

// FinishInstallUntil is FinishInstall with kill armed on every run, stopping
// at the first run it kills (reported in *last).
func (c *e2eClient) FinishInstallUntil(kill func(e2eEvent) bool, made *bool, last *e2eRun) error {
	for attempt := 0; attempt < 4; attempt++ {
		r, err := c.Run(kill, "resume")
		if err != nil {
			return err
		}
		*last = r
		if r.Killed {
			return nil
		}
		if r.Code != 0 && r.Code != 1 {
			return fmt.Errorf("resume: exit %d\n%s", r.Code, r.Stderr)
		}
		if r.Code == 0 && !r.manual() {
			if *made {
				return nil
			}
		}
		if r.Code == 0 && !*made {
			if err := c.sb.CreateConnections(c.preset); err != nil {
				return err
			}
			*made = true
		}
	}
	return nil
}
