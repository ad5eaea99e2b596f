package transport

import (
	"regexp"

	"almwiz/profiles"
)

// redaction is one kind of secret Redact masks: where it is and what
// replaces it ($1, $2 keep the parts that are not secret).
type redaction struct {
	name string
	re   *regexp.Regexp
	with string
}

// jsonSecretKeys are JSON properties whose string values are always secret.
const jsonSecretKeys = `clientSecret|client_secret|secretText|secret|password|access_token|accessToken|refresh_token|refreshToken|id_token|idToken|token|key|privateKey|serviceprincipalkey|apitoken|personalAccessToken|assertion|client_assertion`

// redactions is the table Redact applies, in order.
var redactions = []redaction{
	{"secret variable value", regexp.MustCompile(`\{[^{}]*"isSecret"\s*:\s*true[^{}]*\}`), ""}, // see maskSecretValues
	{"json secret", regexp.MustCompile(`(?i)("(?:` + jsonSecretKeys + `)"\s*:\s*)"(?:[^"\\]|\\.)*"`), `$1"[REDACTED]"`},
	{"authorization header", regexp.MustCompile(`(?i)(authorization"?\s*[:=]\s*"?)(?:bearer|basic|pop|sharedkey)?\s*[^\s",;]+`), `$1[REDACTED]`},
	{"bearer token", regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{8,}=*`), `$1 [REDACTED]`},
	{"jwt", regexp.MustCompile(`eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}(?:\.[A-Za-z0-9_\-]*)?`), `[REDACTED-JWT]`},
	{"entra client secret", regexp.MustCompile(`[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{20,}`), `[REDACTED-SECRET]`},
	{"form or query secret", regexp.MustCompile(`(?i)\b(client_secret|client_assertion|refresh_token|access_token|id_token|device_code|code|password|assertion|sig|secret)=[^&\s"']+`), `$1=[REDACTED]`},
}

// secretVariableValue is the value of a variable inside an object marked
// "isSecret": true (Azure DevOps variable groups and pipeline variables).
var secretVariableValue = regexp.MustCompile(`("value"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// Redact masks bearer tokens and JWTs, Entra client secrets, refresh tokens,
// client_secret= form values, secret JSON properties (clientSecret,
// secretText, ...), the values of secret variables, the credentials of URLs,
// GitHub tokens and Azure DevOps PATs in s. Every provider passes error text
// through it; the --debug log uses it too.
func Redact(s string) string {
	for _, r := range redactions {
		if r.name == "secret variable value" {
			s = r.re.ReplaceAllStringFunc(s, maskSecretValues)
			continue
		}
		s = r.re.ReplaceAllString(s, r.with)
	}
	// Credentials in URLs, GitHub tokens and Azure DevOps PATs: the shapes
	// a profile refuses are never printed either.
	return profiles.RedactSecrets(s)
}

func maskSecretValues(object string) string {
	return secretVariableValue.ReplaceAllString(object, `$1"[REDACTED]"`)
}
