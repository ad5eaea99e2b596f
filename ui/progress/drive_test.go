package progress

import "almwiz/ui/internal/teadrive"

// The synchronous driver shared by the screen tests (see ui/internal/teadrive).
var (
	sendAll    = teadrive.SendAll
	key        = teadrive.Key
	screenText = teadrive.ScreenText
	goldens    = teadrive.Goldens
)
