package cli

import (
	"os"

	"github.com/charmbracelet/x/term"
)

// isTerminal reports whether standard input and output are both terminals.
func isTerminal() bool {
	return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
}
