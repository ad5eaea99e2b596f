package sandbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"almwiz/providers/sandbox/contract"
	"almwiz/providers/sandbox/emulator"
)

// Server is a running sandbox: one loopback HTTPS server hosting every
// emulated Microsoft service.
type Server struct {
	opts     Options
	clock    *clock
	ca       *authority
	tokens   *emulator.TokenIssuer
	services []emulator.Service
	mux      *http.ServeMux
	faults   *injector
	queue    faultQueue
	log      requestLog
	contract contract.Recorder
	listener net.Listener
	http     *http.Server
	client   *http.Client
	caFile   string
	tempDir  string
	// controlToken guards the control endpoints (control_token.go).
	controlToken string
	saver        *saver
	once         sync.Once
	closed       chan struct{}
	closeErr     error
}

// Start builds every service, restores persisted state and serves HTTPS on
// the loopback address of opts until Close or until ctx ends.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	addr, err := loopbackAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	plan, err := parseFaults(opts.Faults)
	if err != nil {
		return nil, fmt.Errorf("sandbox faults: %w", err)
	}
	s := &Server{opts: opts, clock: &clock{}, faults: newInjector(plan, opts.Seed), mux: http.NewServeMux(), closed: make(chan struct{})}
	if err := s.build(addr, plan); err != nil {
		s.cleanUp()
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
			_ = s.Close()
		case <-s.closed:
		}
	}()
	return s, nil
}

// build readies keys, services, state and the listener, in that order.
func (s *Server) build(addr string, plan faultPlan) error {
	if err := s.loadKeys(); err != nil {
		return err
	}
	s.services = buildServices(s.env(plan))
	s.contract.Authorized = func(r *http.Request, service string) bool {
		_, err := s.tokens.Verify(r, contract.Audience(service))
		return err == nil
	}
	if err := s.restore(); err != nil {
		return err
	}
	s.routes()
	return s.listen(addr)
}

// cleanUp releases what a failed Start had already taken.
func (s *Server) cleanUp() {
	if s.saver != nil {
		s.saver.abandon()
	}
	if s.tempDir != "" {
		_ = os.RemoveAll(s.tempDir)
	}
}

// env is what every service is built with.
func (s *Server) env(plan faultPlan) emulator.Env {
	return emulator.Env{
		Tokens:             s.tokens,
		Now:                s.clock.Now,
		ReplicationLag:     func() time.Duration { return s.opts.ReplicationLag },
		OperationDelay:     func() time.Duration { return s.opts.OperationDelay },
		TokenLifetime:      func() time.Duration { return plan.expire },
		DeviceCodeApproval: func() time.Duration { return s.opts.DeviceCodeApproval },
		World:              s.opts.World,
	}
}

func (s *Server) routes() {
	for _, svc := range s.services {
		svc.Register(s.mux)
	}
	s.registerControl()
}

func (s *Server) listen(addr string) error {
	leaf, err := s.ca.leaf(time.Now())
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox listen on %s: %w", addr, err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		_ = ln.Close()
		return fmt.Errorf("sandbox listen on %s: bound %s, which is not loopback", addr, ln.Addr())
	}
	s.listener = ln
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12}}
	s.client = &http.Client{Timeout: 2 * time.Minute, Transport: &controlTokenTransport{
		next:  &http.Transport{TLSClientConfig: s.TLSConfig(), ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 64},
		host:  func() string { return s.listener.Addr().String() },
		token: s.ControlToken,
	}}
	go func() { _ = s.http.ServeTLS(ln, "", "") }()
	return nil
}

// URL is the sandbox's base URL, e.g. https://127.0.0.1:8443.
func (s *Server) URL() string { return "https://" + s.listener.Addr().String() }

// Endpoints is the cloud table for this sandbox.
func (s *Server) Endpoints() Endpoints { return endpointsFor(s.URL()) }

// CAPEM is the PEM of the CA certificate clients must trust.
func (s *Server) CAPEM() []byte { return append([]byte{}, s.ca.certPEM...) }

// CAFile is a file holding CAPEM: DataDir/ca.pem, or a temporary file
// removed by Close when there is no DataDir. Pass it as SSL_CERT_FILE to a
// child process.
func (s *Server) CAFile() string { return s.caFile }

// TLSConfig trusts the sandbox CA, for clients built elsewhere.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.ca.pool(), MinVersion: tls.VersionTLS12}
}

// Client is an HTTP client that trusts the sandbox and sends the control
// token to its control endpoints.
func (s *Server) Client() *http.Client { return s.client }

// Advance moves the sandbox clock forward, so tokens, device codes,
// replication lag and operations behave as if d had passed.
func (s *Server) Advance(d time.Duration) { s.clock.Advance(d) }

// Close stops serving, saves state when DataDir is set and removes temporary files.
func (s *Server) Close() error {
	s.once.Do(func() {
		close(s.closed)
		s.client.CloseIdleConnections() // else HTTP/2 waits a second for the GOAWAY
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.http.Shutdown(ctx)
		if errors.Is(err, context.DeadlineExceeded) {
			err = s.http.Close()
		}
		s.closeErr = errors.Join(err, s.stopSaver())
		if s.tempDir != "" {
			s.closeErr = errors.Join(s.closeErr, os.RemoveAll(s.tempDir))
		}
	})
	return s.closeErr
}

// writeCAFile writes the CA certificate where child processes can read it.
func (s *Server) writeCAFile() error {
	dir := s.opts.DataDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "almwiz-sandbox-")
		if err != nil {
			return fmt.Errorf("sandbox CA file: %w", err)
		}
		dir, s.tempDir = tmp, tmp
	}
	s.caFile = filepath.Join(dir, "ca.pem")
	if err := writeFileAtomic(s.caFile, s.ca.certPEM, 0o644); err != nil {
		return fmt.Errorf("sandbox CA file: %w", err)
	}
	return nil
}
