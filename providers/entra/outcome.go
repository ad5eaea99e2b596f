package entra

// Outcome says what an Ensure operation did, for the progress view and the
// checkpoint: "created", "adopted", "updated" or "unchanged".
type Outcome string

// Outcomes of an Ensure operation.
const (
	// Created: the object did not exist and almwiz made it.
	Created Outcome = "created"
	// Adopted: an object made by hand or by the CoE CLI was found by display
	// name and taken over (and brought up to the spec) instead of duplicated.
	Adopted Outcome = "adopted"
	// Updated: the object existed and almwiz added what was missing.
	Updated Outcome = "updated"
	// Unchanged: the object already matched; nothing was written.
	Unchanged Outcome = "unchanged"
)

// Changed reports whether the operation wrote anything.
func (o Outcome) Changed() bool { return o != Unchanged }
