package steps

import (
	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// creatorKitStep imports the Creator Kit core solution (CreatorKitCore,
// the latest microsoft/powercat-creator-kit release), which the ALM
// Accelerator depends on since 2022-10. Any installed version will do.
func (b *build) creatorKitStep(h profiles.Environment) Step {
	return &solutionStep{uniqueName: powerplatform.SolutionCreatorKit,
		ppStep: b.newPPStep(h, "creator-kit", "Creator Kit core solution", map[string]string{"source": powerplatform.RepoCreatorKit}),
		zip:    releaseAsset(powerplatform.RepoCreatorKit, powerplatform.SolutionCreatorKit, "")}
}
