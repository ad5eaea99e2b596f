package entra

import "time"

// appDefaults is a new application as Graph shows it before any property is set.
func appDefaults(id, appID, domain string, now time.Time) map[string]any {
	return map[string]any{
		"id": id, "appId": appID, "displayName": nil, "uniqueName": nil, "description": nil, "notes": nil,
		"createdDateTime": timestamp(now), "deletedDateTime": nil, "publisherDomain": domain,
		"signInAudience": "AzureADMyOrg", "identifierUris": []any{}, "tags": []any{},
		"requiredResourceAccess": []any{}, "appRoles": []any{}, "keyCredentials": []any{},
		"groupMembershipClaims": nil, "isFallbackPublicClient": nil, "tokenEncryptionKeyId": nil,
		"api": map[string]any{
			"acceptMappedClaims": nil, "knownClientApplications": []any{}, "oauth2PermissionScopes": []any{},
			"preAuthorizedApplications": []any{}, "requestedAccessTokenVersion": nil,
		},
		"web": map[string]any{
			"homePageUrl": nil, "logoutUrl": nil, "redirectUris": []any{},
			"implicitGrantSettings": map[string]any{"enableAccessTokenIssuance": false, "enableIdTokenIssuance": false},
		},
		"publicClient": map[string]any{"redirectUris": []any{}},
		"spa":          map[string]any{"redirectUris": []any{}},
	}
}

// renderApp is the application as a read shows it: secret values are never returned.
func renderApp(a *application) map[string]any {
	p := cloneProps(a.Props)
	creds := []any{}
	for _, pw := range a.Passwords {
		creds = append(creds, renderPassword(pw, false))
	}
	p["passwordCredentials"] = creds
	return p
}

func renderPassword(pw password, withSecret bool) map[string]any {
	var secret any
	if withSecret {
		secret = pw.Secret
	}
	return map[string]any{
		"customKeyIdentifier": nil, "displayName": pw.DisplayName, "endDateTime": timestamp(pw.End),
		"hint": pw.Hint, "keyId": pw.KeyID, "secretText": secret, "startDateTime": timestamp(pw.Start),
	}
}
