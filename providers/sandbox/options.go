package sandbox

import (
	"almwiz/providers/sandbox/emulator"
	"fmt"
	"log/slog"
	"net"
	"time"
)

// Options configure a sandbox. The zero value is a usable in-memory sandbox
// on a free loopback port.
type Options struct {
	// Addr is the loopback address to listen on; default "127.0.0.1:0".
	// Any other address is refused.
	Addr string
	// DataDir keeps state, the CA certificate and key, and the token key
	// across restarts; empty keeps everything in memory.
	DataDir string
	// Latency is added to every emulated call (not to control routes).
	Latency time.Duration
	// Faults injects failures, e.g. "429=10%,503=5%,500=1%,drop=2%,expire=5m".
	Faults string
	// Seed makes fault injection reproducible.
	Seed int64
	// ReplicationLag keeps new directory objects invisible to reads for this long.
	ReplicationLag time.Duration
	// OperationDelay keeps long-running operations unfinished for this long.
	OperationDelay time.Duration
	// DeviceCodeApproval is how long a device code waits before the sandbox
	// approves it; zero means a second, negative means only the approval page.
	DeviceCodeApproval time.Duration
	// Logger receives the request log (method, path, status, duration); nil
	// keeps it in memory only.
	Logger *slog.Logger
	// World is the state new tenants, organizations and environments start
	// in: emulator.WorldFresh (the default) or emulator.WorldLivedIn.
	World emulator.World
}

// withDefaults fills in the defaults of unset options.
func (o Options) withDefaults() Options {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.DeviceCodeApproval == 0 {
		o.DeviceCodeApproval = time.Second
	}
	return o
}

// loopbackAddr checks that addr names a loopback interface and returns it in
// a form net.Listen binds to exactly that interface.
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("sandbox address %q: %w", addr, err)
	}
	if host == "localhost" {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return addr, nil
	}
	return "", fmt.Errorf("sandbox address %q is not a loopback address: the sandbox only listens on 127.0.0.1, ::1 or localhost", addr)
}
