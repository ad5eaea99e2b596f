//go:build linux || darwin

package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The wizard reaches the connections step and waits for the admin; the
// admin creates the connections on the sandbox's stand-in maker page (over
// HTTPS, from the link the wizard shows in full) while the wizard waits;
// the wizard carries on by itself and the summary leaves nothing for a
// person.
func TestWizardFinishesThePersonsStepInTheSameRun(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard")
	}
	sb := newE2ESandbox(t, "--latency", "5ms", "--operation-delay", "100ms")
	dir := t.TempDir()
	s := startScreen(t, dir, "--sandbox-url", sb.URL, "--sandbox-ca", sb.CA, "--preset", "demo")
	s.reachInstall()
	s.waitFor("waiting for a person — re-checking every 5 s", 90*time.Second)
	s.waitFor("r re-check now", 5*time.Second)
	link := shownLink(t, s.text())
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, sb.URL) || !strings.HasSuffix(u.Path, "/connections") {
		t.Fatalf("the link on the screen %q: %v\n%s", link, err, s.text())
	}
	page, err := sb.client.Get(link) // the stand-in page is up while the wizard waits
	if err != nil || page.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", link, err, page)
	}
	page.Body.Close()
	q := u.Query()
	for _, api := range []string{"shared_commondataservice", "shared_commondataserviceforapps", "shared_powerappsforappmakers", "shared_webcontents"} {
		resp, err := sb.client.PostForm(u.Scheme+"://"+u.Host+u.Path, url.Values{"api": {api}, "owner": {q.Get("owner")}, "ownerName": {q.Get("ownerName")}})
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("create a %s connection: %v %v", api, err, resp)
		}
		resp.Body.Close()
	}
	// No key: the wizard re-checks by itself within 5 s.
	s.waitFor("q/enter finish", 60*time.Second)
	summary := s.text()
	if strings.Contains(summary, "needs you") || strings.Contains(summary, "Almost done") || strings.Contains(summary, "failed") {
		t.Errorf("the summary still leaves something:\n%s", summary)
	}
	s.send("q")
	if code := s.exitCode(10 * time.Second); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.text())
	}
	if n := kindCounts(t, sb)["connections"]; n != 4 {
		t.Errorf("%d connections in the sandbox, want 4", n)
	}
}

// shownLink is the https link on the screen, its wrapped lines joined.
func shownLink(t *testing.T, text string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		at := strings.Index(l, "https://")
		if at < 0 {
			continue
		}
		link := strings.TrimSpace(l[at:])
		for _, next := range lines[i+1:] {
			part := strings.TrimSpace(next)
			if part == "" || strings.ContainsAny(part, " ─") || len(next)-len(strings.TrimLeft(next, " ")) != at {
				break
			}
			link += part
		}
		return link
	}
	t.Fatalf("the screen shows no link:\n%s", text)
	return ""
}
