// Package sandbox is the sandbox cloud: one local HTTPS server that emulates
// the Microsoft services almwiz uses (sign-in and Microsoft Graph, Azure
// DevOps, Power Platform and Dataverse, the GitHub releases almwiz downloads)
// closely enough that the real client libraries — MSAL Go and
// azure-devops-go-api — cannot tell the difference.
//
// Start builds every emulator.Service (see buildServices, the one place where
// services are added), mounts them under their path prefixes and wraps every
// route with the shared behaviour: the request log, latency and fault
// injection. The control API under /_sandbox (endpoints, inventory, requests,
// reset, seed, faults, clock) is the contract described in DESIGN.md; each
// service adds its own, among them POST /_sandbox/<service>/break, which puts
// an installation in a broken state doctor must find (Server.Break, listed
// in DIFFERENCES.md).
//
// # Where the sandbox knowingly differs from the real services
//
// The server core:
//   - Every service shares one loopback host and is told apart by a path
//     prefix (emulator.Prefix*), where the real ones live on their own hosts
//     (login.microsoftonline.com, graph.microsoft.com, dev.azure.com, ...).
//     Clients are configured from GET /_sandbox/endpoints.
//   - The certificate comes from the sandbox's own CA (ECDSA P-256), valid
//     for 127.0.0.1, ::1 and localhost only; clients must trust CAPEM or
//     CAFile (SSL_CERT_FILE for a child process).
//   - Access tokens are HS256 JWTs signed with a key the sandbox keeps (see
//     emulator.TokenIssuer); real tokens are RS256 with keys published at
//     jwks_uri, which the sandbox does not serve.
//   - Random faults are drawn per request, uniformly, whatever the caller;
//     real throttling depends on the tenant, the app and a sliding window.
//     A random 429 or 503 always says Retry-After: 1. Fault bodies are a
//     generic {"error":{"code","message"},"message"} (OAuth-shaped on sign-in
//     routes), not each service's exact throttling payload.
//   - A "drop" closes the TCP connection on HTTP/1.1 and resets the stream on
//     HTTP/2 (where a connection cannot be taken over).
//   - Latency is a fixed delay without jitter. Latency and faults never touch
//     the control routes or the device-code approval page.
//   - Time is the wall clock plus what Advance (or POST /_sandbox/clock) adds;
//     the clients' own clocks, and so MSAL's cache expiry, do not move.
//   - With a DataDir, state is saved in the background after each request
//     that may change it (any method but GET, HEAD and OPTIONS); a crash a few
//     milliseconds after a change can lose that change. Objects created on
//     first use by a read (a tenant on its discovery document) are saved with
//     the next change. The request log is in memory only and keeps the last
//     10,000 requests; reading it is not logged.
//   - The inventory merges every service's kinds; when two services report
//     the same kind the second appears as "<service>.<kind>".
//
// Each emulated service documents its own differences in its package doc:
// entra (sign-in and Graph), devops, powerplatform.
package sandbox
