package auth

import (
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"almwiz/providers/cloud"
)

// AzureCLIClientID is the Azure CLI's first-party public client, which every
// tenant trusts for device-code sign-in without an app registration.
const AzureCLIClientID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

// Options configure a Signer.
type Options struct {
	// Endpoints say where to sign in: a real cloud or a sandbox.
	Endpoints cloud.Endpoints
	// ClientID is the public client signing a person in (default the Azure
	// CLI's; the CLI layer passes --client-id or ALMWIZ_CLIENT_ID).
	ClientID string
	// HTTPClient sends every sign-in and Graph request (from transport.New).
	HTTPClient *http.Client
	// CacheDir holds the token cache (default os.UserCacheDir()/almwiz).
	CacheDir string
	// Interactive says a person can be asked to sign in.
	Interactive bool
	// OnDeviceCode shows a device code to the person signing in; this
	// package never prints it. Without it nobody could see the code, so
	// Interactive is ignored (a sandbox still approves its own codes).
	OnDeviceCode func(DeviceCode)
	// Getenv reads AZURE_* variables (default os.Getenv).
	Getenv func(string) string
}

// DeviceCode is what a person needs to finish a device-code sign-in.
type DeviceCode struct {
	Tenant          string
	UserCode        string
	VerificationURL string
	Message         string // Microsoft's own instruction, with the URL and code
	ExpiresAt       time.Time
}

// Signer signs almwiz in to Microsoft Entra — as a service principal when
// AZURE_CLIENT_ID and a secret or certificate are set, else as a person
// with a device code — and hands out token sources. It is safe for
// concurrent use.
type Signer struct {
	o       Options
	sp      *servicePrincipal // nil: a person signs in
	mu      sync.Mutex
	tenants map[string]*tenantSession
	sources map[sourceKey]*source
	now     func() time.Time // tests move it
}

// New returns a Signer. It reads the environment but makes no request:
// sign-in happens on the first token asked for.
func New(o Options) *Signer {
	o = o.withDefaults()
	return &Signer{o: o, sp: servicePrincipalFromEnv(o.Getenv), tenants: map[string]*tenantSession{}, sources: map[sourceKey]*source{}, now: time.Now}
}

func (o Options) withDefaults() Options {
	if o.ClientID == "" {
		o.ClientID = AzureCLIClientID
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.OnDeviceCode == nil {
		o.Interactive = false
		o.OnDeviceCode = func(DeviceCode) {}
	}
	if o.CacheDir == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			o.CacheDir = filepath.Join(dir, "almwiz")
		}
	}
	return o
}

// IsServicePrincipal reports whether the Signer signs in as the service
// principal named by AZURE_CLIENT_ID.
func (s *Signer) IsServicePrincipal() bool { return s.sp != nil }
