//go:build linux || darwin

package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// externalSandbox is `almwiz sandbox serve` in its own process, slowed down
// so that an install can be interrupted in the middle.
type externalSandbox struct {
	url, ca string
	client  *http.Client
}

func serveSandbox(t *testing.T, extra ...string) *externalSandbox {
	t.Helper()
	data := t.TempDir()
	cmd := exec.Command(binary, append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--data", data, "--approve-after", "100ms"}, extra...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	sb := &externalSandbox{url: strings.TrimSpace(line), ca: filepath.Join(data, "ca.pem")}
	sb.client = trustingClient(t, sb.ca)
	return sb
}

// counts returns how many resources of each kind the sandbox holds, and
// how many client secrets the app registrations have.
func (sb *externalSandbox) counts(t *testing.T) map[string]int {
	t.Helper()
	resp, err := sb.client.Get(sb.url + "/_sandbox/inventory")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var inv map[string][]map[string]any
	if err := json.Unmarshal(body, &inv); err != nil {
		t.Fatalf("inventory: %v", err)
	}
	out := map[string]int{}
	for kind, list := range inv {
		out[kind] = len(list)
	}
	for _, app := range inv["applications"] {
		creds, _ := app["passwordCredentials"].([]any)
		out["clientSecrets"] += len(creds)
	}
	return out
}

// Killing almwiz in the middle of an install started from the wizard, and
// running almwiz again, offers to resume; the resumed install ends with the
// same resources as an uninterrupted one.
func TestWizardOffersToResumeAnInterruptedInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard twice")
	}
	sb := serveSandbox(t, "--latency", "20ms", "--operation-delay", "300ms")
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.url, "--sandbox-ca", sb.ca}
	s := startScreen(t, dir, append(target, "--preset", "demo")...)
	for i := 0; i < 80 && !strings.Contains(s.text(), "Continue — sign in and install"); i++ {
		s.send(keyEnter)
		time.Sleep(40 * time.Millisecond)
	}
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send(keyEnter)
	s.waitFor("Installing demo", 20*time.Second)
	s.waitFor("created", 20*time.Second)
	_ = s.cmd.Process.Kill() // the terminal is gone mid-install
	<-s.done

	again := startScreen(t, dir, target...)
	again.waitFor("Resume the install found in the state directory", 10*time.Second)
	again.send(keyEnter)
	again.waitFor("Continue? [y/N]", 15*time.Second)
	again.send("y" + keyEnter)
	again.waitFor("Done in", 90*time.Second)
	again.send("q")

	clean := serveSandbox(t)
	_, stderr, code := almwiz(t, nil, "apply", "--preset", "demo", "--sandbox-url", clean.url, "--sandbox-ca", clean.ca,
		"--state-dir", t.TempDir(), "--no-input", "--yes")
	if code != 0 {
		t.Fatalf("clean install: exit %d\n%s", code, stderr)
	}
	got, want := sb.counts(t), clean.counts(t)
	for _, kind := range []string{"applications", "clientSecrets", "servicePrincipals", "oauth2PermissionGrants", "groups", "projects",
		"repositories", "buildDefinitions", "variableGroups", "serviceEndpoints", "extensions", "environments", "applicationUsers",
		"solutions", "connectors", "adminApplications", "teams", "pipelinePermissions", "accessControlEntries", "roleAssignments"} {
		if got[kind] != want[kind] {
			t.Errorf("%s: %d after the resumed install, %d after a clean one", kind, got[kind], want[kind])
		}
	}
}

// trustingClient trusts only the sandbox's CA file.
func trustingClient(t *testing.T, caFile string) *http.Client {
	t.Helper()
	var pem []byte
	for i := 0; i < 50; i++ { // the sandbox writes ca.pem as it starts
		if b, err := os.ReadFile(caFile); err == nil && len(b) > 0 {
			pem = b
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", caFile)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}
