package cli

import (
	"os"
	"strings"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"

	"github.com/spf13/cobra"
)

func newSandbox(o *Options) *cobra.Command {
	cmd := &cobra.Command{
		Use: "sandbox", Short: "Run the built-in sandbox cloud on its own", GroupID: "tools",
		Long: `The sandbox is a local HTTPS emulator of Microsoft Entra sign-in, Microsoft
Graph, Azure DevOps and Power Platform. Every almwiz command takes --sandbox to
run one in-process; "sandbox serve" runs one as its own process, which other
commands reach with --sandbox-url and --sandbox-ca.`,
	}
	cmd.AddCommand(newSandboxServe(o))
	return cmd
}

func newSandboxServe(o *Options) *cobra.Command {
	var opts sandbox.Options
	var approve time.Duration
	var world string
	cmd := &cobra.Command{
		Use: "serve", Short: "Serve the sandbox cloud on a loopback address until interrupted", Args: cobra.NoArgs,
		Long: `Serve starts the sandbox cloud and prints its base URL as the first line of
standard output. Its CA certificate is written to DIR/ca.pem; trust it with
--sandbox-ca DIR/ca.pem (or SSL_CERT_FILE for other programs). It binds to
loopback addresses only and refuses any other. With --data the state survives
a restart.

Control endpoints: GET <base>/_sandbox/endpoints, /_sandbox/inventory,
/_sandbox/requests; POST /_sandbox/seed, /_sandbox/reset, /_sandbox/faults.
All but /_sandbox/endpoints need "Authorization: Bearer <token>", the token in
DIR/control-token (mode 0600, kept across restarts); almwiz reads it from beside
--sandbox-ca.`,
		Example: `  almwiz sandbox serve --addr 127.0.0.1:8443 --data ./sandbox
  almwiz sandbox serve --latency 50ms --faults 429=10%,503=5%,drop=2% --seed 7`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !strings.HasPrefix(opts.Addr, "127.") && !strings.HasPrefix(opts.Addr, "[::1]") && !strings.HasPrefix(opts.Addr, "localhost:") {
				return usagef("Use a loopback address such as 127.0.0.1:8443.", "--addr %q is not a loopback address; the sandbox never listens beyond this machine", opts.Addr)
			}
			if opts.DataDir == "" {
				dir, err := os.MkdirTemp("", "almwiz-sandbox-")
				if err != nil {
					return err
				}
				opts.DataDir = dir
			}
			opts.DeviceCodeApproval = approve
			w, err := emulator.ParseWorld(world)
			if err != nil {
				return usagef("Use --world fresh or --world lived-in.", "%v", err)
			}
			opts.World = w
			return serveSandbox(cmd, o, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback `ADDRESS` to listen on (port 0 picks a free one)")
	f.StringVar(&opts.DataDir, "data", "", "`DIR` for ca.pem and the persisted state (default: a new temporary directory)")
	f.DurationVar(&opts.Latency, "latency", 0, "latency added to every request, e.g. 50ms")
	f.StringVar(&opts.Faults, "faults", "", "injected faults, e.g. 429=10%,503=5%,500=1%,drop=2%,expire=5m")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of the fault schedule, so a run repeats")
	f.DurationVar(&opts.ReplicationLag, "replication-lag", 0, "how long new directory objects stay invisible to reads")
	f.DurationVar(&opts.OperationDelay, "operation-delay", 0, "how long long-running operations take")
	f.StringVar(&world, "world", string(emulator.WorldFresh), "what new tenants look like: fresh (a new demo tenant) or lived-in (guest admin, German environments, existing app)")
	f.DurationVar(&approve, "approve-after", time.Second, "approve device codes after this long (negative: only on the approval page)")
	return cmd
}

func serveSandbox(cmd *cobra.Command, o *Options, opts sandbox.Options) error {
	srv, err := sandbox.Start(cmd.Context(), opts)
	if err != nil {
		return usagef("Check --addr and --data.", "start the sandbox: %v", err)
	}
	defer srv.Close()
	fprintf(o.Stdout, "%s\n", srv.URL())
	fprintf(o.Stderr, "sandbox cloud serving at %s\n  CA certificate: %s\n  control token: %s (mode 0600)\n  approve device codes at %s/devicelogin\n  requests outside the official API descriptions: %s/_sandbox/violations\n  stop with Ctrl+C\n", srv.URL(), srv.CAFile(), srv.ControlTokenFile(), srv.URL(), srv.URL())
	<-cmd.Context().Done()
	for _, v := range srv.Violations() {
		fprintf(o.Stderr, "sandbox: %s %s is outside the official API description: %s\n", v.Method, v.Path, v.Message)
	}
	return nil
}
