package profiles

import (
	"net/url"
	"regexp"
	"strings"
)

// secretPatterns are the shapes of credentials that must never be in a
// profile, a CoE CLI file, or anything almwiz prints or saves.
var secretPatterns = []*regexp.Regexp{
	// Microsoft Entra client secrets: three characters, a digit, "Q~", then 31-34 more.
	regexp.MustCompile(`[A-Za-z0-9_.\-~]{3}\dQ~[A-Za-z0-9_.\-~]{31,34}`),
	// JSON web tokens (access, refresh or id tokens).
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.`),
	// Azure DevOps personal access tokens: 52 lower-case base32 characters,
	// or the 84-character format with the AZDO signature.
	regexp.MustCompile(`(?:^|[^A-Za-z0-9])[a-z2-7]{52}(?:$|[^A-Za-z0-9])`),
	regexp.MustCompile(`[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}`),
	// GitHub tokens: ghp_ (classic), gho_, ghu_, ghs_, ghr_ and fine-grained github_pat_.
	regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b`),
	// Private keys.
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
}

// urlWithUserinfo finds the user[:password]@ part of URLs in text.
var urlWithUserinfo = regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9+.\-]*://)([^/\s?#@"']+)@`)

// looksSecret reports whether s looks like a credential, or holds a URL
// with one in it.
func looksSecret(s string) bool {
	for _, re := range secretPatterns {
		if re.MatchString(s) {
			return true
		}
	}
	for _, m := range urlWithUserinfo.FindAllStringSubmatch(s, -1) {
		if credentialUserinfo(m[2]) {
			return true
		}
	}
	return false
}

// credentialUserinfo says whether the userinfo of a URL holds a credential:
// a password, or a user name that is a token (GitHub and Azure DevOps take
// a token as the user name). A bare user name, like the organization name
// in an Azure DevOps clone URL (https://contoso@dev.azure.com/...), is not.
func credentialUserinfo(userinfo string) bool {
	user, _, hasPassword := strings.Cut(userinfo, ":")
	if hasPassword {
		return true
	}
	if u, err := url.PathUnescape(user); err == nil {
		user = u
	}
	if len(user) >= 32 {
		return true
	}
	for _, re := range secretPatterns {
		if re.MatchString(user) {
			return true
		}
	}
	return false
}

// RedactSecrets replaces every credential in s — client secrets, tokens,
// personal access tokens, private keys and the credentials of URLs — with
// [REDACTED], for text that is printed or saved.
func RedactSecrets(s string) string {
	s = urlWithUserinfo.ReplaceAllStringFunc(s, func(m string) string {
		sub := urlWithUserinfo.FindStringSubmatch(m)
		if !credentialUserinfo(sub[2]) {
			return m
		}
		return sub[1] + "[REDACTED]@"
	})
	for _, re := range secretPatterns {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			// Keep the delimiters a pattern matched around the secret.
			lead, trail := "", ""
			if r := m[0]; !isTokenByte(r) {
				lead, m = m[:1], m[1:]
			}
			if n := len(m); n > 0 && !isTokenByte(m[n-1]) {
				trail = m[n-1:]
			}
			return lead + "[REDACTED]" + trail
		})
	}
	return s
}

func isTokenByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("_.-~", b) >= 0
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
