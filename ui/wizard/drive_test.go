package wizard

import "almwiz/ui/internal/teadrive"

// The synchronous driver shared by the screen tests (see ui/internal/teadrive).
var (
	exec       = teadrive.Exec
	sendAll    = teadrive.SendAll
	key        = teadrive.Key
	typed      = teadrive.Typed
	screenText = teadrive.ScreenText
	goldens    = teadrive.Goldens
)
