package steps

import (
	"strings"
	"sync"
)

// Redacted replaces a secret value wherever one would have been shown or saved.
const Redacted = "[redacted]"

// minSubstring is the shortest secret searched for inside longer texts;
// shorter ones are redacted only where they are the whole value, so a
// one-letter test secret does not mangle every message.
const minSubstring = 6

// Vault holds the secrets of one run in memory only. Secrets are handed
// from the step that creates them to the steps that consume them and
// never reach the checkpoint, events or logs.
type Vault struct {
	mu      sync.RWMutex
	secrets map[string]string
}

// NewVault returns an empty vault.
func NewVault() *Vault { return &Vault{secrets: map[string]string{}} }

// Put stores a secret under name.
func (v *Vault) Put(name, value string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.secrets[name] = value
}

// Get returns the secret stored under name.
func (v *Vault) Get(name string) (string, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	s, ok := v.secrets[name]
	return s, ok
}

// Holds says whether value is one of the secrets.
func (v *Vault) Holds(value string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	for _, s := range v.secrets {
		if s != "" && s == value {
			return true
		}
	}
	return false
}

// Redact returns text with every secret value in it replaced by Redacted.
func (v *Vault) Redact(text string) string {
	if text == "" {
		return text
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	for _, s := range v.secrets {
		switch {
		case s == "":
		case text == s:
			return Redacted
		case len(s) >= minSubstring:
			text = strings.ReplaceAll(text, s, Redacted)
		}
	}
	return text
}
