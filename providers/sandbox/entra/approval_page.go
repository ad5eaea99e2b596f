package entra

import (
	"html/template"
	"net/http"
)

var approvalPage = template.Must(template.New("approve").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Sandbox sign-in</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:4em auto">
<h1>Sandbox sign-in</h1>
{{if .Message}}<p><strong>{{.Message}}</strong></p>{{end}}
<p>Enter the code shown by the application. You will be signed in as the tenant's admin.</p>
<form method="post"><input name="code" autofocus autocomplete="off" value="{{.Code}}">
<button type="submit">Approve</button></form>
</body></html>`))

// handleApprovalPage is the local page where a person approves a device code,
// standing in for microsoft.com/devicelogin.
func (s *Service) handleApprovalPage(w http.ResponseWriter, r *http.Request) {
	data := struct{ Message, Code string }{}
	if r.Method == http.MethodPost {
		_ = r.ParseForm()
		s.mu.Lock()
		ok := s.approveUserCode(r.PostForm.Get("code"))
		s.mu.Unlock()
		data.Message = "Signed in. You can close this window and return to the application."
		if !ok {
			data.Message, data.Code = "That code is unknown or has expired.", r.PostForm.Get("code")
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = approvalPage.Execute(w, data)
}
