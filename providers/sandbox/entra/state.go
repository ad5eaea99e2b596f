package entra

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"time"
)

// object is one directory object as Graph shows it (props), plus what the
// sandbox needs to know about it: creation order and when replication lets
// reads see it.
type object struct {
	Props     map[string]any `json:"props"`
	Seq       int64          `json:"seq"`
	VisibleAt time.Time      `json:"visibleAt"`
}

func (o *object) str(key string) string {
	s, _ := o.Props[key].(string)
	return s
}

func (o *object) id() string { return o.str("id") }

// visible reports whether replication has made the object readable by key.
func (o *object) visible(now time.Time) bool { return !now.Before(o.VisibleAt) }

// password is a client secret of an application; Secret never leaves the
// sandbox except in the addPassword answer and a secrets inventory.
type password struct {
	KeyID       string    `json:"keyId"`
	DisplayName string    `json:"displayName"`
	Hint        string    `json:"hint"`
	Secret      string    `json:"secret"`
	Start       time.Time `json:"startDateTime"`
	End         time.Time `json:"endDateTime"`
}

type application struct {
	object
	Passwords []password `json:"passwords"`
	Owners    []string   `json:"owners,omitempty"`
}

type servicePrincipal struct {
	object
	BuiltIn bool `json:"builtIn,omitempty"`
}

type group struct {
	object
	Members []string `json:"members"`
}

type user struct {
	object
	Roles []string `json:"roles"` // directory role template ids
	// Home is set for a B2B guest: the person's own tenant and object id
	// there, which MSAL's home account id names (client_info uid.utid).
	Home *homeAccount `json:"home,omitempty"`
}

// homeAccount is where a guest signs in from.
type homeAccount struct {
	Tenant   string `json:"tenant"`
	ObjectID string `json:"objectId"`
	UPN      string `json:"upn"`
}

// tenant is one Microsoft Entra directory and everything in it.
type tenant struct {
	ID                string                       `json:"id"`
	Domain            string                       `json:"domain"`
	Users             map[string]*user             `json:"users"`
	Applications      map[string]*application      `json:"applications"`
	ServicePrincipals map[string]*servicePrincipal `json:"servicePrincipals"`
	Grants            map[string]*object           `json:"oauth2PermissionGrants"`
	Assignments       map[string]*object           `json:"appRoleAssignments"`
	Groups            map[string]*group            `json:"groups"`
}

// refreshGrant is what a refresh token stands for.
type refreshGrant struct {
	Tenant   string    `json:"tenant"`
	ClientID string    `json:"clientId"`
	UserID   string    `json:"userId"`
	Expires  time.Time `json:"expires"`
}

// state is everything the service holds; it is what Snapshot persists.
type state struct {
	Tenants       map[string]*tenant      `json:"tenants"`
	Seq           int64                   `json:"seq"`
	RefreshTokens map[string]refreshGrant `json:"refreshTokens"`
	DeviceCodes   map[string]*deviceCode  `json:"deviceCodes"`
}

func newState() *state {
	return &state{
		Tenants:       map[string]*tenant{},
		RefreshTokens: map[string]refreshGrant{},
		DeviceCodes:   map[string]*deviceCode{},
	}
}

// newID returns a random GUID, as Entra assigns object and application ids.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return formatGUID(b[:])
}

// stableID derives a GUID from parts, so a tenant or built-in object keeps its
// id across resets and restarts.
func stableID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%s\x00", p)
	}
	return formatGUID(h.Sum(nil)[:16])
}

func formatGUID(b []byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// randomSecret returns n random bytes in URL-safe base64-like text.
// clientSecret is a new client secret shaped as Entra's are: 40 characters,
// the fourth to sixth "8Q~" — so redaction and leak checks that look for
// that shape are exercised against the sandbox too.
func clientSecret() string {
	return randomSecret(3) + "8Q~" + randomSecret(34)
}

func randomSecret(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~_.-"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
