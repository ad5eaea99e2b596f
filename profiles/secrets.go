package profiles

import (
	"regexp"
	"strings"
)

var secretPatterns = []*regexp.Regexp{
	// Microsoft Entra client secrets: three characters, a digit, "Q~", then 31-34 more.
	regexp.MustCompile(`[A-Za-z0-9_.\-~]{3}\dQ~[A-Za-z0-9_.\-~]{31,34}`),
	// JSON web tokens (access, refresh or id tokens).
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.`),
	// Azure DevOps personal access tokens are 52 lower-case base32 characters.
	regexp.MustCompile(`^[a-z2-7]{52}$`),
	// Private keys.
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
}

// looksSecret reports whether s looks like a credential.
func looksSecret(s string) bool {
	for _, re := range secretPatterns {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// secretKey reports whether a key names a secret value.
func secretKey(key string) bool {
	k := strings.ToLower(key)
	for _, w := range []string{"secret", "password", "token", "privatekey", "pat"} {
		if k == w || strings.HasSuffix(k, w) {
			return true
		}
	}
	return false
}
