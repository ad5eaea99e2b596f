package powerplatform

import (
	"fmt"
	"html"
	"net/http"
	"net/url"

	"almwiz/providers/sandbox/emulator"
)

// MakerPath is the sandbox's stand-in for the maker portal's connections
// page of an environment: <base>/powerapps/maker/environments/{env}/connections.
// A connection needs a person to sign in and consent; on the real cloud the
// admin does that in make.powerapps.com, and on the sandbox here, with one
// click per connector, so an install can be rehearsed to the end.
const MakerPath = emulator.PrefixPowerApps + "/maker/environments/{environment}/connections"

// makerConnectors are the connectors the ALM Accelerator's connection
// references use, as the maker portal names them.
var makerConnectors = []struct{ API, Title string }{
	{"shared_commondataservice", "Microsoft Dataverse (legacy)"},
	{"shared_commondataserviceforapps", "Microsoft Dataverse"},
	{"shared_powerappsforappmakers", "Power Apps for Makers"},
	{"shared_webcontents", "HTTP with Microsoft Entra ID (preauthorized)"},
}

func (s *Service) registerMakerPage(mux *http.ServeMux) {
	mux.HandleFunc("GET "+MakerPath, s.makerPage)
	mux.HandleFunc("POST "+MakerPath, s.makerCreate)
}

// makerPage lists the connectors with a button that creates a connection
// owned by the admin named in the query (owner, ownerName).
func (s *Service) makerPage(w http.ResponseWriter, r *http.Request) {
	env, q := r.PathValue("environment"), r.URL.Query()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>Connections · sandbox</title><h1>Connections in %s</h1><p>Sandbox stand-in for the maker portal. Signed in as %s.</p>",
		html.EscapeString(env), html.EscapeString(q.Get("ownerName")))
	if done := q.Get("created"); done != "" {
		fmt.Fprintf(w, "<p><b>Created a %s connection.</b> Back in almwiz, resume the install.</p>", html.EscapeString(done))
	}
	for _, c := range makerConnectors {
		fmt.Fprintf(w, `<form method="post"><input type="hidden" name="api" value="%s"><input type="hidden" name="owner" value="%s"><input type="hidden" name="ownerName" value="%s"><button>Create a %s connection</button></form>`,
			c.API, html.EscapeString(q.Get("owner")), html.EscapeString(q.Get("ownerName")), html.EscapeString(c.Title))
	}
}

// makerCreate creates the connection the admin clicked, then shows the page again.
func (s *Service) makerCreate(w http.ResponseWriter, r *http.Request) {
	env := r.PathValue("environment")
	if err := r.ParseForm(); err != nil || r.PostForm.Get("api") == "" {
		http.Error(w, "choose a connector", http.StatusBadRequest)
		return
	}
	api, owner, ownerName := r.PostForm.Get("api"), r.PostForm.Get("owner"), r.PostForm.Get("ownerName")
	if _, err := s.CreateConnection(env, api, owner, ownerName); err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	back := url.Values{"owner": {owner}, "ownerName": {ownerName}, "created": {api}}
	http.Redirect(w, r, r.URL.EscapedPath()+"?"+back.Encode(), http.StatusSeeOther)
}
