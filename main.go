// Command almwiz installs the ALM Accelerator for Power Platform: a guided,
// resumable installer for Microsoft Entra, Azure DevOps and Power Platform.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"almwiz/ui/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cli.Execute(ctx, cli.DefaultOptions(), version, os.Args[1:])
	code := exitCode(ctx, err)
	var silent *cli.SilentError
	switch {
	case err != nil && code == cli.ExitInterrupted && errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "almwiz: interrupted")
	case err != nil && !errors.As(err, &silent):
		fmt.Fprintln(os.Stderr, "almwiz:", err)
	}
	stop()
	os.Exit(code)
}

// exitCode maps an error to the exit codes of DESIGN.md: errors that know
// their code say it; an interrupt is 130; anything else failed (1).
func exitCode(ctx context.Context, err error) int {
	var coded interface{ ExitCode() int }
	switch {
	case err == nil:
		return 0
	case errors.As(err, &coded):
		return coded.ExitCode()
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return cli.ExitInterrupted
	}
	return cli.ExitFailed
}
