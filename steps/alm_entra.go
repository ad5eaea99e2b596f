package steps

// entraSteps are the Microsoft Entra steps. (Being written.)
func (b *build) entraSteps() []Step { return nil }
