package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// transientErrors are the causes of a failed attempt that another attempt
// may not meet: a dropped or reset connection, an unexpected EOF, a refused
// connection, an attempt that timed out.
var transientErrors = []error{
	io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET, syscall.ECONNREFUSED,
	syscall.ECONNABORTED, syscall.EPIPE, context.DeadlineExceeded,
}

// transientMessages are the same for errors net/http does not export as
// types (HTTP/2 stream resets and GOAWAYs among them).
var transientMessages = []string{
	"stream error", "GOAWAY", "connection reset", "server closed", "broken pipe", "use of closed network connection",
}

// transientNetError reports whether a failed attempt may succeed when tried
// again. Certificate and unknown-host errors are permanent.
func transientNetError(err error) bool {
	if permanentNetError(err) {
		return false
	}
	for _, target := range transientErrors {
		if errors.Is(err, target) {
			return true
		}
	}
	if netErr, ok := errors.AsType[net.Error](err); ok && netErr.Timeout() {
		return true
	}
	msg := err.Error()
	for _, s := range transientMessages {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// permanentNetError reports a failure no retry mends: an untrusted or
// mismatched certificate, a host that does not exist.
func permanentNetError(err error) bool {
	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
		return true
	}
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return true
	}
	if _, ok := errors.AsType[x509.HostnameError](err); ok {
		return true
	}
	dnsErr, ok := errors.AsType[*net.DNSError](err)
	return ok && dnsErr.IsNotFound
}
