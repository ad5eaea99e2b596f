package sandbox

import (
	"almwiz/providers/sandbox/devops"
	"almwiz/providers/sandbox/emulator"
	"almwiz/providers/sandbox/entra"
	"almwiz/providers/sandbox/powerplatform"
)

// buildServices is the one place where every emulated service is created.
// Add a service here and it is mounted, logged, faulted, inventoried, seeded,
// reset and persisted like the others.
func buildServices(env emulator.Env) []emulator.Service {
	return []emulator.Service{
		entra.New(env),
		devops.New(env),
		powerplatform.New(env),
	}
}
