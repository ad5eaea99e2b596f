package entra

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// oidcScopes are the scopes that ask for sign-in artefacts, not a resource.
var oidcScopes = map[string]bool{"openid": true, "profile": true, "offline_access": true, "email": true}

// scopeTarget is the one resource a token request is for and the scope
// values it asked on that resource.
type scopeTarget struct {
	Resource string   // as written in the scope, e.g. https://graph.microsoft.com or a GUID
	Values   []string // e.g. [".default"] or ["User.Read"]
}

// parseScope reads a space-separated scope list. Entra issues a token for the
// first resource named; a bare value (User.Read) means Microsoft Graph.
func parseScope(scope string) scopeTarget {
	var st scopeTarget
	for _, sc := range strings.Fields(scope) {
		if oidcScopes[strings.ToLower(sc)] {
			continue
		}
		res, val := emulator.AudienceGraph, sc
		if i := strings.LastIndex(sc, "/"); i > 0 {
			res, val = sc[:i], sc[i+1:]
		}
		if st.Resource == "" {
			st.Resource = res
		}
		if sameResource(res, st.Resource) {
			st.Values = append(st.Values, val)
		}
	}
	if st.Resource == "" {
		st = scopeTarget{Resource: emulator.AudienceGraph, Values: []string{"User.Read"}}
	}
	return st
}

// delegatedScopes is the scp claim: the values asked, or for .default every
// delegated scope the resource offers.
func (st scopeTarget) delegatedScopes() string {
	if len(st.Values) == 1 && st.Values[0] == ".default" {
		if ra, ok := resourceByAudience(st.Resource); ok && len(ra.Scopes) > 0 {
			vals := make([]string, len(ra.Scopes))
			for i, p := range ra.Scopes {
				vals[i] = p.Value
			}
			return strings.Join(vals, " ")
		}
		return "user_impersonation"
	}
	return strings.Join(st.Values, " ")
}

func sameResource(a, b string) bool { return emulator.SameAudience(a, b) }

func (s *Service) tokenLifetime() time.Duration {
	if s.env.TokenLifetime != nil {
		if d := s.env.TokenLifetime(); d > 0 {
			return d
		}
	}
	return time.Hour
}

// userTokenResponse issues access, refresh and id tokens for u, as the device
// code and refresh grants answer.
func (s *Service) userTokenResponse(base string, t *tenant, u *user, clientID, scope string) map[string]any {
	now, life := s.now(), s.tokenLifetime()
	st := parseScope(scope)
	issuer := base + emulator.PrefixLogin + "/" + t.ID + "/v2.0"
	access := s.env.Tokens.Sign(emulator.Claims{
		Audience: audienceFor(st.Resource), Issuer: issuer, Tenant: t.ID, ObjectID: u.id(), AppID: clientID,
		UPN: u.signInName(), Name: u.str("displayName"), Scopes: st.delegatedScopes(),
		IssuedAt: now.Unix(), ExpiresAt: now.Add(life).Unix(),
	})
	refresh := randomSecret(64)
	s.st.RefreshTokens[refresh] = refreshGrant{Tenant: t.ID, ClientID: clientID, UserID: u.id(), Expires: now.Add(90 * 24 * time.Hour)}
	return map[string]any{
		"token_type": "Bearer", "scope": scope, "expires_in": int(life.Seconds()), "ext_expires_in": int(life.Seconds()),
		"access_token": access, "refresh_token": refresh,
		"id_token":    idToken(issuer, t, u, clientID, now),
		"client_info": b64JSON(u.clientInfo(t)),
	}
}

// clientInfo names the account's home: the user in t, or for a guest the
// user in their own tenant — so MSAL's HomeAccountID of a guest is not the
// object id in the tenant signed in to.
func (u *user) clientInfo(t *tenant) map[string]string {
	if u.Home != nil {
		return map[string]string{"uid": u.Home.ObjectID, "utid": u.Home.Tenant}
	}
	return map[string]string{"uid": u.id(), "utid": t.ID}
}

// signInName is the name the person signs in with: a guest's home address.
func (u *user) signInName() string {
	if u.Home != nil {
		return u.Home.UPN
	}
	return u.str("userPrincipalName")
}

// appTokenResponse issues an application token (client credentials) with the
// app roles the client's service principal holds on the resource.
func (s *Service) appTokenResponse(base string, t *tenant, sp *servicePrincipal, clientID string, st scopeTarget) map[string]any {
	now, life := s.now(), s.tokenLifetime()
	aud := audienceFor(st.Resource)
	access := s.env.Tokens.Sign(emulator.Claims{
		Audience: aud, Issuer: base + emulator.PrefixLogin + "/" + t.ID + "/v2.0", Tenant: t.ID,
		ObjectID: sp.id(), AppID: clientID, Roles: s.rolesOf(t, sp, aud),
		IssuedAt: now.Unix(), ExpiresAt: now.Add(life).Unix(),
	})
	return map[string]any{
		"token_type": "Bearer", "expires_in": int(life.Seconds()), "ext_expires_in": int(life.Seconds()),
		"access_token": access,
	}
}

// idToken is an unsigned id token; MSAL only decodes its payload.
// Its oid and tid are the user's in the tenant that issued it, also for a
// guest, whose idp names their home tenant (learn.microsoft.com/entra/
// identity-platform/id-token-claims-reference: oid, tid, idp).
func idToken(issuer string, t *tenant, u *user, clientID string, now time.Time) string {
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := map[string]any{
		"aud": clientID, "iss": issuer, "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"name": u.str("displayName"), "oid": u.id(), "sub": u.id(), "tid": t.ID, "ver": "2.0",
		"preferred_username": u.signInName(),
	}
	if u.Home != nil {
		claims["idp"] = "https://sts.windows.net/" + u.Home.Tenant + "/"
	}
	return head + "." + b64JSON(claims) + "."
}

func b64JSON(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}
