package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
	"almwiz/steps"
	"almwiz/ui/theme"
)

// session is what a lifecycle command works with: the profile, its state
// directory, the target (a real cloud or a sandbox), the sign-in and the
// provider clients.
type session struct {
	o       *Options
	profile *profiles.Profile
	dir     string          // the state directory
	srv     *sandbox.Server // the in-process sandbox (--sandbox), or nil
	clients *steps.Clients
}

// openSession loads the profile and connects to its target. Nothing signs
// in yet: the first step that needs a token does.
func openSession(ctx context.Context, o *Options, args []string) (*session, error) {
	p, err := o.loadProfile(args)
	if err != nil {
		return nil, err
	}
	return newSession(ctx, o, p, nil)
}

// newSession connects to p's target. onDeviceCode shows a device code (nil:
// printed on standard error).
func newSession(ctx context.Context, o *Options, p *profiles.Profile, onDeviceCode func(auth.DeviceCode)) (*session, error) {
	s := &session{o: o, profile: p, dir: stateDir(o, p)}
	ep, err := s.target(ctx)
	if err != nil {
		s.close()
		return nil, err
	}
	topts := transport.Options{TLS: ep.TLS, Version: o.Version, UserAgent: "almwiz/" + o.Version}
	if o.Debug {
		topts.Debug = o.Stderr
	}
	hc := transport.New(topts)
	if onDeviceCode == nil {
		onDeviceCode = func(dc auth.DeviceCode) { s.showDeviceCode(dc, ep.Sandbox) }
	}
	getenv := o.Getenv
	if ep.Sandbox {
		getenv = withoutAzureCredentials(getenv)
	}
	signer := auth.New(auth.Options{
		Endpoints: ep, HTTPClient: hc, ClientID: o.ClientID, CacheDir: s.tokenCacheDir(),
		Interactive: o.IsTTY() && !o.NoInput, OnDeviceCode: onDeviceCode, Getenv: getenv,
	})
	s.clients = &steps.Clients{Endpoints: ep, Signer: signer, HTTP: hc, Transport: topts}
	return s, nil
}

// tokenCacheDir is where the sign-in's token cache lives: for the built-in
// sandbox, inside its own data directory, so that its tokens end with its
// world. A sandbox listens on a new port each run, and the cache is keyed by
// the authority's host and port: in the user's cache directory a later
// sandbox on a recycled port found an earlier world's refresh token, which it
// rightly refused (invalid_grant), and the run stopped asking for a sign-in.
// "" is the signer's default (the user's cache directory).
// An external sandbox (--sandbox-url) gets a directory of its own, named by
// its CA certificate, which each sandbox data directory makes anew.
func (s *session) tokenCacheDir() string {
	switch {
	case s.srv != nil:
		return filepath.Join(s.dir, "sandbox", "token-cache")
	case s.o.SandboxURL != "":
		ca, err := os.ReadFile(s.o.SandboxCA)
		base, derr := os.UserCacheDir()
		if err != nil || derr != nil {
			return ""
		}
		sum := sha256.Sum256(ca)
		return filepath.Join(base, "almwiz", "sandbox-"+hex.EncodeToString(sum[:8]))
	}
	return ""
}

// withoutAzureCredentials hides the AZURE_* variables from a sandbox run:
// they hold real credentials, which must never be sent to a sandbox.
func withoutAzureCredentials(getenv func(string) string) func(string) string {
	return func(k string) string {
		if strings.HasPrefix(k, "AZURE_") {
			return ""
		}
		return getenv(k)
	}
}

// stateDir is --state-dir, or .almwiz/<profile name> beside the profile
// (in the working directory for a preset).
func stateDir(o *Options, p *profiles.Profile) string {
	if o.StateDir != "" {
		return o.StateDir
	}
	base := "."
	if o.Profile != "" {
		base = filepath.Dir(o.Profile)
	}
	return filepath.Join(base, ".almwiz", p.Metadata.Name)
}

// target returns the endpoints of the profile's cloud, or of a sandbox
// seeded with what the profile declares as existing.
func (s *session) target(ctx context.Context) (cloud.Endpoints, error) {
	switch {
	case s.o.Sandbox:
		srv, err := sandbox.Start(ctx, sandbox.Options{DataDir: filepath.Join(s.dir, "sandbox"), DeviceCodeApproval: 300 * time.Millisecond})
		if err != nil {
			return cloud.Endpoints{}, fmt.Errorf("start the built-in sandbox: %w", err)
		}
		s.srv = srv
		if err := srv.Seed(sandbox.SeedFromProfile(s.profile)); err != nil {
			return cloud.Endpoints{}, fmt.Errorf("seed the sandbox from the profile: %w", err)
		}
		return cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	case s.o.SandboxURL != "":
		if s.o.SandboxCA == "" {
			return cloud.Endpoints{}, usagef("Give the CA file the sandbox wrote: --sandbox-ca DIR/ca.pem.", "--sandbox-url needs --sandbox-ca")
		}
		ep, err := cloud.Sandbox(ctx, s.o.SandboxURL, s.o.SandboxCA, nil)
		if err != nil {
			return cloud.Endpoints{}, err
		}
		return ep, seedExternal(ctx, ep, s.o.SandboxURL, s.o.SandboxCA, s.profile)
	}
	return cloud.Public(profiles.Clouds[s.profile.Cloud]), nil
}

// seedExternal posts the profile to an external sandbox's seed endpoint,
// with the control token the sandbox wrote beside its CA certificate.
func seedExternal(ctx context.Context, ep cloud.Endpoints, base, caFile string, p *profiles.Profile) error {
	token, err := readControlToken(caFile)
	if err != nil {
		return err
	}
	body, err := profiles.Export(p)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/_sandbox/seed", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/yaml")
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: ep.TLS}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("seed the sandbox at %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("seed the sandbox at %s: %s: %s", base, resp.Status, msg)
	}
	return nil
}

// readControlToken reads the token of an external sandbox's control
// endpoints: the control-token file almwiz sandbox serve writes (0600)
// beside ca.pem.
func readControlToken(caFile string) (string, error) {
	path := filepath.Join(filepath.Dir(caFile), sandbox.ControlTokenName)
	data, err := os.ReadFile(path)
	if err != nil {
		return "", usagef("Give the --sandbox-ca of the sandbox's data directory, as the same user that started almwiz sandbox serve.",
			"read the sandbox's control token: %v", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// showDeviceCode tells the admin where to sign in.
func (s *session) showDeviceCode(dc auth.DeviceCode, sandbox bool) {
	st := theme.Default(true)
	w := s.o.errOut()
	fprintf(w, "\n%s Sign in to %s: open %s and enter the code %s\n", st.Heading.Render("→"), dc.Tenant, st.Code.Render(dc.VerificationURL), st.Title.Render(dc.UserCode))
	if sandbox {
		fprintf(w, "  (the sandbox approves it by itself in a moment)\n")
	}
	fprintf(w, "\n")
}

func (s *session) close() {
	if s.srv != nil {
		s.reportViolations()
		_ = s.srv.Close()
	}
}

// reportViolations says which requests the built-in sandbox found outside
// the official API descriptions: each is a defect of almwiz, as the real
// service would refuse or ignore it.
func (s *session) reportViolations() {
	for _, v := range s.srv.Violations() {
		fprintf(s.o.Stderr, "sandbox: %s %s is outside the official API description (please report it): %s\n", v.Method, v.Path, v.Message)
	}
}

// profileName is how commands refer to the profile in messages.
func (s *session) profileFlag() string {
	switch {
	case s.o.Preset != "":
		return "--preset " + s.o.Preset
	case s.o.Profile == "":
		return nextFlags(s.o, s.dir)
	}
	return "-f " + shellQuote(s.o.Profile)
}
