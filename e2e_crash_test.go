package main

import (
	"fmt"
	"regexp"
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
// By default one kill inside every step kind runs, the kinds spread over the
// presets, plus the kill after the secret for each preset. The full matrix
// (every kill point for every preset, 50–60 per preset) runs with
//
//	ALMWIZ_LONG=1 go test -run TestE2ECrashMatrix -timeout 60m -v .

// stepKinds are the kinds of step of the plans, as stepKind names them.
var stepKinds = []string{
	"entra/tenant", "entra/app-registration", "entra/service-principal", "entra/admin-consent", "entra/makers-group",
	"entra/client-secret", "entra/client-secret-cleanup", "entra/custom-connector-redirect-uri",
	"devops/extensions", "devops/project", "devops/job-authorization-scope", "devops/repository", "devops/variable-group",
	"devops/pipeline", "devops/service-connection", "devops/pipeline-permissions", "devops/makers-group",
	"devops/build-service-permissions",
	"powerplatform/environment", "powerplatform/management-app", "powerplatform/application-user",
	"powerplatform/creator-kit", "powerplatform/alm-solution", "powerplatform/custom-connector",
	"powerplatform/connection-references", "powerplatform/flows", "powerplatform/app-sharing", "powerplatform/makers-team",
}

// longRunning are the kinds whose step waits for a remote operation, and the
// progress message that says the operation is under way.
var longRunning = map[string]*regexp.Regexp{
	"devops/project":             regexp.MustCompile(`operation .*inProgress`),
	"devops/repository":          regexp.MustCompile(`import inProgress`),
	"powerplatform/environment":  regexp.MustCompile(`(?i)operation|creating|provisioning|waiting`),
	"powerplatform/creator-kit":  regexp.MustCompile(`ImportSolution: in progress`),
	"powerplatform/alm-solution": regexp.MustCompile(`ImportSolution: in progress`),
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

// killPoint is where a run is killed: at the first event of Event for a step
// of Kind (whose message matches Message, if set).
type killPoint struct {
	Preset, Event, Kind string
	Message             *regexp.Regexp
}

func (k killPoint) String() string {
	s := k.Preset + " " + k.Event + " " + k.Kind
	if k.Message != nil {
		s += " (in operation)"
	}
	return s
}

func (k killPoint) match(e e2eEvent) bool {
	if stepKind(e.Step) != k.Kind {
		return false
	}
	if k.Event == "finished" {
		return e.Kind == "created" || e.Kind == "updated" || e.Kind == "unchanged"
	}
	return e.Kind == k.Event && (k.Message == nil || k.Message.MatchString(e.Message))
}

func crashMatrix(long bool) []killPoint {
	var out []killPoint
	for i, preset := range e2ePresets {
		if !long {
			for j, kind := range stepKinds {
				if j%len(e2ePresets) == i || (kind == "powerplatform/environment" && preset.CreatesEnv) {
					out = append(out, killPoint{Preset: preset.Name, Event: "started", Kind: kind})
				}
			}
			out = append(out, killPoint{Preset: preset.Name, Event: "created", Kind: "entra/client-secret"})
			continue
		}
		for _, kind := range stepKinds {
			if kind == "powerplatform/environment" && !preset.CreatesEnv {
				continue
			}
			out = append(out, killPoint{Preset: preset.Name, Event: "started", Kind: kind},
				killPoint{Preset: preset.Name, Event: "finished", Kind: kind})
			if re, ok := longRunning[kind]; ok {
				out = append(out, killPoint{Preset: preset.Name, Event: "progress", Kind: kind, Message: re})
			}
		}
		out = append(out, killPoint{Preset: preset.Name, Event: "created", Kind: "entra/client-secret"})
	}
	return out
}

func TestE2ECrashMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and resumes dozens of installs")
	}
	points := crashMatrix(e2eLong())
	clean := map[string]normalInventory{}
	for _, p := range e2ePresets {
		clean[p.Name] = cleanInventory(t, p.Name)
	}
	var mu sync.Mutex
	exercised := map[string]int{}
	unlocks := 0
	var jobs []func()
	start := time.Now()
	for _, kp := range points {
		jobs = append(jobs, func() {
			killed, forced, err := crashAndResume(t, kp, clean[kp.Preset])
			mu.Lock()
			defer mu.Unlock()
			unlocks += forced
			switch {
			case err != nil:
				t.Errorf("kill at %s: %v", kp, err)
			case !killed:
				t.Logf("kill at %s: no such event, the install ran to the end", kp)
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
	t.Logf("crash matrix: %d of %d kill points exercised in %v (%d resumes broke a lock with --force-unlock)",
		total, len(points), time.Since(start).Round(time.Second), unlocks)
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
