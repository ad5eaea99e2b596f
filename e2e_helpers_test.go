package main

// Helpers of the end-to-end suites (e2e_*_test.go): an external sandbox
// process (`almwiz sandbox serve`) that can be stopped and restarted on the
// same port and data directory, almwiz runs against it that can be killed
// when a given NDJSON event appears, and a normalised inventory that compares
// two installs by what exists rather than by ids and timestamps.
//
// The default run keeps to a representative subset; the full crash matrix,
// more fault seeds and every preset in the slower suites run with
//
//	ALMWIZ_LONG=1 go test -run E2E -timeout 60m .
//
// (or `go test -run E2E . -args -long`).

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var longE2E = flag.Bool("long", false, "run the long end-to-end variants (full crash matrix, more fault seeds); also ALMWIZ_LONG=1")

var e2eWorldFlag = flag.String("world", "", "the sandbox world the end-to-end tests run in: fresh (default) or lived-in; also ALMWIZ_E2E_WORLD")

// e2eWorld is the sandbox world (`sandbox serve --world`) the E2E suite runs in.
func e2eWorld() string {
	if *e2eWorldFlag != "" {
		return *e2eWorldFlag
	}
	if w := os.Getenv("ALMWIZ_E2E_WORLD"); w != "" {
		return w
	}
	return "fresh"
}

// e2eLong says whether the long variants run.
func e2eLong() bool { return *longE2E || os.Getenv("ALMWIZ_LONG") == "1" }

// e2ePreset is what the tests know about a built-in preset: where its host
// environment is, who signs in there, and what the reference install holds.
type e2ePreset struct {
	Name       string
	HostURL    string   // the host environment, which receives the ALM Accelerator
	HostTenant string   // the tenant of the host environment (whose admin owns the connections)
	Tenants    []string // every tenant that gets a service principal, consent and app users
	Audience   string   // the app registration's sign-in audience
	Deploy     []string // the environments that get a service connection (URL with a trailing slash)
	Extensions []string // extension ids installed in the organization
	CreatesEnv bool     // environments are created by the install (demo) rather than seeded
}

var e2ePresets = []e2ePreset{
	{
		Name: "demo", HostURL: "https://contosodemo-alm.crm.dynamics.com/", HostTenant: "contosodemo.onmicrosoft.com",
		Tenants: []string{"contosodemo.onmicrosoft.com"}, Audience: "AzureADMyOrg",
		Deploy: []string{"https://contosodemo-dev.crm.dynamics.com/", "https://contosodemo-prod.crm.dynamics.com/",
			"https://contosodemo-test.crm.dynamics.com/", "https://contosodemo-validation.crm.dynamics.com/"},
		Extensions: []string{"PowerPlatform-BuildTools", "replacetokens", "scans"}, CreatesEnv: true,
	},
	{
		Name: "enterprise", HostURL: "https://contoso-alm.crm.dynamics.com/", HostTenant: "contoso.onmicrosoft.com",
		Tenants: []string{"contoso.onmicrosoft.com"}, Audience: "AzureADMyOrg",
		Deploy: []string{"https://contoso-dev.crm.dynamics.com/", "https://contoso-prod.crm.dynamics.com/",
			"https://contoso-test.crm.dynamics.com/", "https://contoso-validation.crm.dynamics.com/"},
		Extensions: []string{"PowerPlatform-BuildTools", "replacetokens", "scans"},
	},
	{
		Name: "multi-tenant", HostURL: "https://contosodev-alm.crm.dynamics.com/", HostTenant: "contosodev.onmicrosoft.com",
		Tenants: []string{"contoso.onmicrosoft.com", "contosodev.onmicrosoft.com"}, Audience: "AzureADMultipleOrgs",
		Deploy: []string{"https://contoso-prod.crm.dynamics.com/", "https://contoso-test.crm.dynamics.com/",
			"https://contosodev-dev.crm.dynamics.com/", "https://contosodev-validation.crm.dynamics.com/"},
		Extensions: []string{"PowerPlatform-BuildTools", "replacetokens", "scans"},
	},
}

func e2ePresetNamed(name string) e2ePreset {
	for _, p := range e2ePresets {
		if p.Name == name {
			return p
		}
	}
	panic("no preset " + name)
}

// hostConnectionAPIs are the connectors of the ALM Accelerator's connection
// references, whose connections a person creates in the maker portal.
var hostConnectionAPIs = []string{"shared_commondataservice", "shared_commondataserviceforapps", "shared_powerappsforappmakers", "shared_webcontents"}

// e2eSandbox is an external sandbox process.
type e2eSandbox struct {
	Dir  string // its data directory: ca.pem and the persisted state
	URL  string
	CA   string
	addr string
	args []string

	mu         sync.Mutex
	cmd        *exec.Cmd
	violations []string
	stderr     *bytes.Buffer
	client     *http.Client
}

// newE2ESandbox starts `almwiz sandbox serve` with extra flags on a free
// loopback port and stops it when the test ends.
func newE2ESandbox(t testing.TB, extra ...string) *e2eSandbox {
	t.Helper()
	sb, err := startE2ESandbox(t, t.TempDir(), "127.0.0.1:0", extra...)
	if err != nil {
		t.Fatal(err)
	}
	return sb
}

// startE2ESandbox starts a sandbox process; when t ends it is stopped and t
// fails for every request the sandbox found outside the official API
// descriptions (GET /_sandbox/violations, read before each stop).
func startE2ESandbox(t testing.TB, dir, addr string, extra ...string) (*e2eSandbox, error) {
	sb := &e2eSandbox{Dir: dir, addr: addr, args: append([]string{"--approve-after", "10ms", "--world", e2eWorld()}, extra...)}
	t.Cleanup(func() {
		sb.Stop()
		for _, v := range sb.Violations() {
			t.Errorf("sandbox contract: %s", v)
		}
	})
	return sb, sb.start()
}

// Violations are the contract violations of every run of this sandbox so far.
func (sb *e2eSandbox) Violations() []string {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	return append([]string{}, sb.violations...)
}

// collectViolations reads the running sandbox's violations before it stops.
func (sb *e2eSandbox) collectViolations() {
	var list []struct{ Method, Path, Message string }
	if err := sb.do(http.MethodGet, "/_sandbox/violations", nil, &list); err != nil {
		return // a sandbox that cannot answer has nothing more to report
	}
	for _, v := range list {
		sb.violations = append(sb.violations, v.Method+" "+v.Path+": "+v.Message)
	}
}

func (sb *e2eSandbox) start() error {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	args := append([]string{"sandbox", "serve", "--addr", sb.addr, "--data", sb.Dir}, sb.args...)
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + sb.Dir}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	sb.stderr = &bytes.Buffer{}
	cmd.Stderr = &lockedWriter{w: sb.stderr}
	if err := cmd.Start(); err != nil {
		return err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return fmt.Errorf("sandbox serve %v printed no URL: %v\n%s", args, err, sb.stderr)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	sb.cmd = cmd
	sb.URL = strings.TrimSpace(line)
	sb.CA = filepath.Join(sb.Dir, "ca.pem")
	// A restart keeps the port: the checkpoint and the token cache name it.
	sb.addr = strings.TrimPrefix(sb.URL, "https://")
	pem, err := os.ReadFile(sb.CA)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	token, err := os.ReadFile(filepath.Join(sb.Dir, "control-token"))
	if err != nil {
		return fmt.Errorf("the sandbox's control token: %w", err)
	}
	sb.client = &http.Client{Timeout: 30 * time.Second, Transport: &controlAuth{
		next: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, token: strings.TrimSpace(string(token))}}
	return nil
}

// controlAuth sends the sandbox's control token (the control-token file
// beside ca.pem) with every request to a control endpoint.
type controlAuth struct {
	next  http.RoundTripper
	token string
}

func (c *controlAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasPrefix(req.URL.Path, "/_sandbox/") {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.next.RoundTrip(req)
}

// Stop ends the sandbox process (SIGTERM, then SIGKILL) and waits for it.
func (sb *e2eSandbox) Stop() {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if sb.cmd == nil {
		return
	}
	sb.collectViolations()
	_ = sb.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = sb.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = sb.cmd.Process.Kill()
		<-done
	}
	sb.cmd = nil
}

// Restart stops the sandbox and starts it again on the same address and
// data directory, so its state and CA survive.
func (sb *e2eSandbox) Restart() error {
	sb.Stop()
	var err error
	for range 50 { // the port may take a moment to be free again
		if err = sb.start(); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// freeLoopbackAddr picks a free port on 127.0.0.1.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (sb *e2eSandbox) do(method, path string, body any, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, sb.URL+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := sb.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// Inventory is GET /_sandbox/inventory (with the secret values when secrets).
func (sb *e2eSandbox) Inventory(secrets bool) (map[string]any, error) {
	var inv map[string]any
	path := "/_sandbox/inventory"
	if secrets {
		path += "?secrets=true"
	}
	return inv, sb.do(http.MethodGet, path, nil, &inv)
}

// sandboxRequest is one entry of the sandbox's request log.
type sandboxRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Fault  string `json:"fault"` // "random 429", "queued drop"…: what the fault plan injected, if anything
}

// Requests is GET /_sandbox/requests: the request log, oldest first.
func (sb *e2eSandbox) Requests() ([]sandboxRequest, error) {
	var log []sandboxRequest
	return log, sb.do(http.MethodGet, "/_sandbox/requests", nil, &log)
}

// CreateConnections stands in for the admin who creates the connections of
// the host environment in the maker portal.
func (sb *e2eSandbox) CreateConnections(p e2ePreset) error {
	inv, err := sb.Inventory(false)
	if err != nil {
		return err
	}
	var ownerID string
	for _, u := range items(inv, "users") {
		// A member admin, or the lived-in world's guest (B2B) admin, whose
		// UPN is <home address with _>#EXT#@<tenant>.
		if upn := str(u, "userPrincipalName"); upn == "admin@"+p.HostTenant || strings.HasPrefix(upn, "admin_") && strings.HasSuffix(upn, "#EXT#@"+p.HostTenant) {
			ownerID = str(u, "id")
		}
	}
	if ownerID == "" {
		return fmt.Errorf("no admin user of %s in the sandbox", p.HostTenant)
	}
	for _, api := range hostConnectionAPIs {
		body := map[string]string{"environment": p.HostURL, "api": api, "ownerId": ownerID, "ownerName": "Sandbox Admin"}
		if err := sb.do(http.MethodPost, "/_sandbox/powerplatform/connections", body, nil); err != nil {
			return err
		}
	}
	return nil
}

// SeedPreset posts the preset's profile to /_sandbox/seed, as apply does first.
func (sb *e2eSandbox) SeedPreset(name string) error {
	yaml, err := os.ReadFile(filepath.Join("profiles", "presets", name+".yaml"))
	if err != nil {
		return err
	}
	resp, err := sb.client.Post(sb.URL+"/_sandbox/seed", "application/yaml", bytes.NewReader(yaml))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("seed %s: %s %s", name, resp.Status, b)
	}
	return nil
}

// isWrite says whether a logged request may change the sandbox: anything but
// reads, and the sign-in routes (which only issue tokens).
func (r sandboxRequest) isWrite() bool {
	switch {
	case r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions:
		return false
	case strings.HasPrefix(r.Path, "/login/"), strings.HasPrefix(r.Path, "/_sandbox/"):
		return false
	}
	return true
}

// lockedWriter serialises writes to a buffer read by another goroutine.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// runPool runs jobs with at most n at once and waits for all.
func runPool(n int, jobs []func()) {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			job()
		}()
	}
	wg.Wait()
}

// await receives from ch within d, or fails the test saying what did not
// happen: no wait of the E2E suite is unbounded.
func await[T any](t testing.TB, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("gave up after %v waiting for %s", d, what)
		panic("unreachable")
	}
}

// noWrites fails t for every request that wrote to the sandbox.
func noWrites(t *testing.T, sb *e2eSandbox) {
	t.Helper()
	log, err := sb.Requests()
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range log {
		if req.isWrite() {
			t.Errorf("wrote before the admin said so: %s %s (%d)", req.Method, req.Path, req.Status)
		}
	}
}
