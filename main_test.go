package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
)

var binary string

// TestMain builds almwiz once for the tests that run it as a process. With
// ALMWIZ_TEST_CLIENT set, the test binary instead acts as a separate client
// process (see sandboxClient).
func TestMain(m *testing.M) {
	if base := os.Getenv("ALMWIZ_TEST_CLIENT"); base != "" {
		if err := sandboxClient(base); err != nil {
			fmt.Fprintln(os.Stderr, "client:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "almwiz-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "almwiz")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build almwiz: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func almwiz(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func TestBinaryExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
	}{
		{nil, 2}, // no terminal: help, exit 2
		{[]string{"validate", "--preset", "enterprise"}, 0},
		{[]string{"validate", "-f", "testdata/profiles/broken.yaml"}, 2},
		{[]string{"recommend", "--answer", "nope=1"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"apply", "--preset", "demo"}, 2},          // no terminal to confirm, no --yes
		{[]string{"apply", "--preset", "demo", "--yes"}, 4}, // a real cloud, no sign-in and no one to ask
	}
	empty := t.TempDir()
	cases = append(cases, []struct {
		args []string
		code int
	}{
		{[]string{"plan", "--preset", "enterprise", "--state-dir", empty}, 0},
		{[]string{"status", "--preset", "enterprise", "--state-dir", empty}, 2},
		{[]string{"resume", "--preset", "enterprise", "--state-dir", empty, "--yes"}, 2},
		{[]string{"destroy", "--preset", "enterprise", "--state-dir", empty, "--yes"}, 0},
		{[]string{"validate", "-f", "/dev/null"}, 2},
		{[]string{"import-coe", "/dev/null"}, 2},
	}...)
	for _, c := range cases {
		_, stderr, code := almwiz(t, nil, c.args...)
		if code != c.code {
			t.Errorf("almwiz %v: exit %d, want %d\n%s", c.args, code, c.code, stderr)
		}
		if strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine ") {
			t.Errorf("almwiz %v panicked:\n%s", c.args, stderr)
		}
	}
}

// sandbox serve starts quickly, and a separate process that trusts only the
// CA file it wrote signs in with MSAL's device code flow and creates an
// Azure DevOps project with the real SDK — neither knowing it is a sandbox
// beyond the URLs.
func TestSandboxServeIsUsableFromAnotherProcess(t *testing.T) {
	data := t.TempDir()
	cmd := exec.Command(binary, "sandbox", "serve", "--addr", "127.0.0.1:0", "--data", data, "--approve-after", "200ms")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	startup := time.Since(start)
	base := strings.TrimSpace(line)
	t.Logf("sandbox serve printed %s after %v", base, startup) // measured, not asserted: see the benchmarks
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("first line %q is not the base URL", base)
	}
	client := exec.Command(os.Args[0], "-test.run", "^$")
	client.Env = append(os.Environ(), "ALMWIZ_TEST_CLIENT="+base, "SSL_CERT_FILE="+filepath.Join(data, "ca.pem"))
	if out, err := client.CombinedOutput(); err != nil {
		t.Fatalf("client process: %v\n%s", err, out)
	}
}

// sandboxClient signs in and creates a project, trusting the sandbox only
// through SSL_CERT_FILE.
func sandboxClient(base string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pc, err := public.New("04b07795-8ddb-461a-bbee-02f9e1bf7b46",
		public.WithAuthority(base+"/login/contoso.onmicrosoft.com"), public.WithInstanceDiscovery(false))
	if err != nil {
		return err
	}
	dc, err := pc.AcquireTokenByDeviceCode(ctx, []string{"499b84ac-1321-427f-aa17-267ca6975798/.default"})
	if err != nil {
		return fmt.Errorf("device code: %w", err)
	}
	res, err := dc.AuthenticationResult(ctx)
	if err != nil {
		return fmt.Errorf("device code sign-in: %w", err)
	}
	conn := azuredevops.NewPatConnection(base+"/devops/contoso", "")
	conn.AuthorizationString = "Bearer " + res.AccessToken
	cc, err := core.NewClient(ctx, conn)
	if err != nil {
		return err
	}
	name, desc, vis := "alm", "ALM Accelerator", core.ProjectVisibilityValues.Private
	ref, err := cc.QueueCreateProject(ctx, core.QueueCreateProjectArgs{ProjectToCreate: &core.TeamProject{
		Name: &name, Description: &desc, Visibility: &vis,
		Capabilities: &map[string]map[string]string{
			"versioncontrol":  {"sourceControlType": "Git"},
			"processTemplate": {"templateTypeId": "6b724908-ef14-45cf-84f8-768b5384da45"},
		},
	}})
	if err != nil {
		return fmt.Errorf("queue project: %w", err)
	}
	oc := operations.NewClient(ctx, conn)
	for {
		op, err := oc.GetOperation(ctx, operations.GetOperationArgs{OperationId: ref.Id})
		if err != nil {
			return err
		}
		if *op.Status == operations.OperationStatusValues.Succeeded {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := cc.GetProject(ctx, core.GetProjectArgs{ProjectId: &name}); err != nil {
		return fmt.Errorf("get project: %w", err)
	}
	return nil
}
