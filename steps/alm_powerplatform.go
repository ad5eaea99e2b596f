package steps

// powerPlatformSteps are the Power Platform steps. (Being written.)
func (b *build) powerPlatformSteps() []Step { return nil }
