package transport_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"almwiz/providers/transport"
)

func TestDebugLogNamesTheRequestButNoSecret(t *testing.T) {
	const (
		token  = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl"
		secret = "abc8Q~Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fEdC"
	)
	srv, _ := scripted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{"secretText":"`+secret+`","access_token":"`+token+`"}`)
	})
	var log bytes.Buffer
	var w waits
	client := quickClient(&w, transport.Options{Debug: &log})
	body := `{"passwordCredential":{"displayName":"ci"},"clientSecret":"` + secret + `"}`
	req, _ := http.NewRequest("POST", srv.URL+"/graph/v1.0/applications/1/addPassword?client_secret="+secret+"&api-version=7.1", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(resp.Body)
	resp.Body.Close()

	got := log.String()
	for _, leak := range []string{token, secret, "eyJ", "8Q~", "Bearer"} {
		if strings.Contains(got, leak) {
			t.Errorf("debug log holds %q:\n%s", leak, got)
		}
	}
	for _, want := range []string{"POST", "/graph/v1.0/applications/1/addPassword", "429 Too Many Requests", "attempt 1", "200 OK", "attempt 2", "api-version=7.1"} {
		if !strings.Contains(got, want) {
			t.Errorf("debug log lacks %q:\n%s", want, got)
		}
	}
	if lines := strings.Count(got, "\n"); lines != 2 {
		t.Errorf("debug log has %d lines, want one per attempt:\n%s", lines, got)
	}
}
