package entra

import (
	"net/http"
	"time"
)

func init() {
	for _, action := range []string{"addPassword", "microsoft.graph.addPassword"} {
		route("POST", "/applications/{application-id}/"+action, (*Service).addPassword)
	}
	for _, action := range []string{"removePassword", "microsoft.graph.removePassword"} {
		route("POST", "/applications/{application-id}/"+action, (*Service).removePassword)
	}
}

// defaultSecretLifetime is how long a secret lives when no end date is given.
const defaultSecretLifetime = 2 * 365 * 24 * time.Hour

// addPassword creates a client secret; its value is in this answer only.
func (s *Service) addPassword(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	req, _ := g.body["passwordCredential"].(map[string]any)
	now := s.now()
	pw := password{KeyID: newID(), Secret: clientSecret(), Start: now, End: now.Add(defaultSecretLifetime)}
	pw.Hint = pw.Secret[:3]
	pw.DisplayName, _ = req["displayName"].(string)
	if end, ok := req["endDateTime"].(string); ok {
		t, err := time.Parse(time.RFC3339, end)
		if err != nil {
			return badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.")
		}
		pw.End = t
	}
	a.Passwords = append(a.Passwords, pw)
	body := renderPassword(pw, true)
	body["@odata.context"] = g.base + "/$metadata#microsoft.graph.passwordCredential"
	return reply{status: http.StatusOK, body: body}
}

// removePassword deletes a client secret by its keyId.
func (s *Service) removePassword(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	keyID, _ := g.body["keyId"].(string)
	for i, pw := range a.Passwords {
		if pw.KeyID == keyID {
			a.Passwords = append(a.Passwords[:i], a.Passwords[i+1:]...)
			return reply{status: http.StatusNoContent}
		}
	}
	return odataError(http.StatusNotFound, "Request_ResourceNotFound", "No password credential found with keyId '"+keyID+"'.")
}
