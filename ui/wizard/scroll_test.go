package wizard

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"almwiz/profiles"
)

// hidden reads how many body lines the screen's rules say are above and
// below the view.
func hidden(t *testing.T, m *Model) (above, below int) {
	t.Helper()
	text := screenText(m.View())
	if g := regexp.MustCompile(`↑ (\d+) more above`).FindStringSubmatch(text); g != nil {
		above, _ = strconv.Atoi(g[1])
	}
	if g := regexp.MustCompile(`↓ (\d+) more below`).FindStringSubmatch(text); g != nil {
		below, _ = strconv.Atoi(g[1])
	}
	return above, below
}

// Every menu of the wizard stops at its ends instead of wrapping round.
func TestMenusStopAtTheEnds(t *testing.T) {
	m := newModel(t, Options{Preset: "demo"})
	for i, n := 0, len(m.current.(*details).fields); i <= n; i++ {
		sendAll(t, m, key("enter"))
	}
	r := m.current.(*review)
	sendAll(t, m, key("down"), key("down"), key("down"), key("down"))
	if r.cursor != len(reviewActions)-1 {
		t.Errorf("review: down past Quit lands on %q", reviewActions[r.cursor])
	}
	sendAll(t, m, key("up"), key("up"), key("up"), key("up"))
	if r.cursor != 0 {
		t.Errorf("review: up past Continue lands on %q", reviewActions[r.cursor])
	}

	m = newModel(t, Options{})
	w := m.current.(*welcome)
	sendAll(t, m, key("up"))
	if w.cursor != 0 {
		t.Errorf("welcome: up from the first choice lands on choice %d", w.cursor)
	}
	sendAll(t, m, key("down"), key("down"), key("down"), key("down"))
	if w.cursor != len(w.choices)-1 {
		t.Errorf("welcome: down past the last choice lands on choice %d", w.cursor)
	}

	m = newModel(t, Options{})
	sendAll(t, m, key("enter"))
	q := m.current.(*questions)
	sendAll(t, m, key("up"), key("up"), key("up"), key("up"))
	if q.cursor != 0 {
		t.Errorf("questions: up from the first choice lands on choice %d", q.cursor)
	}
	sendAll(t, m, key("down"), key("down"), key("down"), key("down"))
	if n := len(profiles.Questions[q.index].Choices); q.cursor != n-1 {
		t.Errorf("questions: down past the last of %d choices lands on choice %d", n, q.cursor)
	}

	o := newOverride(newRecommendation(nil, nil).recommended(), nil)
	for i := 0; i < 4; i++ {
		o, _, _, _ = o.update(key("down"))
	}
	if o.field != 2 {
		t.Errorf("override: down past the reason lands on field %d", o.field)
	}
	o, _, _, _ = o.update(key("up"))
	o, _, _, _ = o.update(key("up"))
	o, _, _, _ = o.update(key("up"))
	if o.field != 0 {
		t.Errorf("override: up past the tenant model lands on field %d", o.field)
	}
}

// PgDn and PgUp move a page on the recommendation, ↓ fewer lines, and
// neither goes past the last page; ← goes back, as the footer says.
func TestRecommendationScrollsByPageAndStopsAtTheLastPage(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"))
	answerAll(t, m, nil)
	if _, ok := m.current.(*recommendation); !ok {
		t.Fatalf("after the questions: %T", m.current)
	}
	_, total := hidden(t, m)
	if total < 10 {
		t.Fatalf("fixture: only %d lines below at 80×24", total)
	}
	sendAll(t, m, key("down"))
	above, _ := hidden(t, m)
	sendAll(t, m, key("up"), key("pgdown"))
	page, _ := hidden(t, m)
	if page <= above {
		t.Errorf("pgdown moved %d lines, ↓ %d: want a page", page, above)
	}
	for i := 0; i < 20; i++ {
		sendAll(t, m, key("pgdown"))
	}
	if a, b := hidden(t, m); a != total || b != 0 {
		t.Fatalf("after many pgdn: %d above, %d below; want %d and 0", a, b, total)
	}
	sendAll(t, m, key("pgup"))
	if a, _ := hidden(t, m); a != max(0, total-page) {
		t.Errorf("one pgup from the end shows %d above, want %d (the offset ran past the last page)", a, total-page)
	}
	if !strings.Contains(screenText(m.View()), "←/shift+tab back") {
		t.Error("the footer does not say ← goes back")
	}
	sendAll(t, m, key("left"))
	if _, ok := m.current.(*questions); !ok {
		t.Errorf("← on the recommendation: %T, want the questions", m.current)
	}
}

// The review's scroll stops at the last page too.
func TestReviewScrollStopsAtTheLastPage(t *testing.T) {
	m := newModel(t, Options{Preset: "multi-tenant"})
	for i, n := 0, len(m.current.(*details).fields); i <= n; i++ {
		sendAll(t, m, key("enter"))
	}
	if _, ok := m.current.(*review); !ok {
		t.Fatalf("after the details: %T", m.current)
	}
	_, total := hidden(t, m)
	for i := 0; i < 10; i++ {
		sendAll(t, m, key("pgdown"))
	}
	sendAll(t, m, key("pgup"))
	if _, b := hidden(t, m); total > 0 && b == 0 {
		t.Errorf("one pgup after many pgdn still shows the last line: the offset ran past the last page")
	}
}

// A profile file with many problems: the problems are shown under the
// file question, and ↓ and PgDn scroll through them.
func TestProfileFileProblemsScroll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("apiVersion: almwiz/v1\nkind: Profile\nmetadata: {name: BAD}\nmodels: {tenant: x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newModel(t, Options{})
	sendAll(t, m, key("down"), key("down"), key("enter"))
	screenText(m.View())
	m.current.(*welcome).path.SetValue(path)
	sendAll(t, m, key("enter"))
	text := screenText(m.View())
	if !strings.Contains(text, "is not valid") || !strings.Contains(text, "File: "+path) {
		t.Fatalf("the problems or the file are not in view:\n%s", text)
	}
	_, below := hidden(t, m)
	if below == 0 {
		t.Fatalf("fixture: the problems fit on the screen")
	}
	for _, k := range []string{"down", "pgdown"} {
		a0, _ := hidden(t, m)
		sendAll(t, m, key(k))
		if a, _ := hidden(t, m); a <= a0 {
			t.Errorf("%s did not scroll the problems (%d above, was %d)", k, a, a0)
		}
	}
	for i := 0; i < 20; i++ {
		sendAll(t, m, key("pgdown"))
	}
	if _, b := hidden(t, m); b != 0 {
		t.Errorf("pgdn never reaches the last problem: %d below", b)
	}
	sendAll(t, m, key("esc"))
	if w := m.current.(*welcome); w.mode != "" {
		t.Errorf("esc left the file question in mode %q", w.mode)
	}
}

// PgDn and PgUp on the details move the focus by a page of fields.
func TestDetailsPageDownMovesAPage(t *testing.T) {
	m := newModel(t, Options{Preset: "demo"})
	d := m.current.(*details)
	name := d.draft.Metadata.Name
	_, below := hidden(t, m)
	sendAll(t, m, key("pgdown"))
	if d.cursor < 5 {
		t.Errorf("pgdown moved the focus to field %d, want a page on", d.cursor)
	}
	if _, b := hidden(t, m); b >= below {
		t.Errorf("pgdown did not scroll: %d below, was %d", b, below)
	}
	if d.draft.Metadata.Name != name {
		t.Errorf("pgdown typed into the name: %q", d.draft.Metadata.Name)
	}
	for i := 0; i < 20; i++ {
		screenText(m.View())
		sendAll(t, m, key("pgdown"))
	}
	if d.cursor != len(d.fields) {
		t.Errorf("pgdn never reaches Continue: at field %d of %d", d.cursor, len(d.fields))
	}
	for i := 0; i < 20; i++ {
		screenText(m.View())
		sendAll(t, m, key("pgup"))
	}
	if d.cursor != 0 {
		t.Errorf("pgup never reaches the first field: at %d", d.cursor)
	}
}
