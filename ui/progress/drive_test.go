package progress

import "almwiz/ui/internal/teadrive"

// The synchronous driver shared by the screen tests (see ui/internal/teadrive).
var (
	exec       = teadrive.Exec
	sendAll    = teadrive.SendAll
	key        = teadrive.Key
	keys       = teadrive.Keys
	typed      = teadrive.Typed
	screenText = teadrive.ScreenText
	golden     = teadrive.Golden
	checkSize  = teadrive.CheckSize
)
