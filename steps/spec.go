package steps

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// HashSpec returns a stable hash of a step's desired state, for SpecHash.
// spec should be a struct or map of plain values; it must never contain a
// secret value (hash a secret's name, not the secret).
func HashSpec(spec any) string {
	data, err := json.Marshal(spec)
	if err != nil {
		// Only a programming error (a channel, a func) gets here.
		panic("steps: spec cannot be hashed: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}
