package steps

// devopsSteps are the Azure DevOps steps. (Being written.)
func (b *build) devopsSteps() []Step { return nil }
