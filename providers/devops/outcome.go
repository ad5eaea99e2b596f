package devops

// Outcome says what an Ensure operation did.
type Outcome int

// The outcomes of an Ensure operation.
const (
	Found   Outcome = iota // the resource already was as wanted; nothing was written
	Created                // the resource did not exist and was created
	Updated                // the resource existed and was changed in place
)

// String names the outcome for progress lines.
func (o Outcome) String() string {
	switch o {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "found"
}
