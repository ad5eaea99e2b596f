package wizard

import (
	"fmt"

	"almwiz/profiles"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// questions asks the planning questions one at a time: the tenant factors,
// then the Azure DevOps factors, skipping those that do not apply.
type questions struct {
	answers  profiles.Answers // shared with the Model: answers are written through
	index    int              // into profiles.Questions
	cursor   int
	showHelp bool
	scroll   scroll
}

func newQuestions(a profiles.Answers) *questions {
	q := &questions{answers: a, showHelp: true}
	q.index = q.next(-1)
	q.cursor = q.chosen()
	return q
}

// next returns the index of the first visible question after i, or -1.
func (q *questions) next(i int) int {
	for j := i + 1; j < len(profiles.Questions); j++ {
		if profiles.Questions[j].Visible(q.answers) {
			return j
		}
	}
	return -1
}

// prev returns the index of the last visible question before i, or -1.
func (q *questions) prev(i int) int {
	for j := i - 1; j >= 0; j-- {
		if profiles.Questions[j].Visible(q.answers) {
			return j
		}
	}
	return -1
}

// chosen is the cursor position of the current answer, or of the choice
// that keeps the installation simplest when unanswered.
func (q *questions) chosen() int {
	if q.index < 0 {
		return 0
	}
	return choiceIndex(profiles.Questions[q.index], q.answers)
}

// choiceIndex is the position of q's answer in a, else of q.Simplest.
func choiceIndex(q profiles.Question, a profiles.Answers) int {
	want := a[q.ID]
	if want == "" {
		want = q.Simplest
	}
	for i, c := range q.Choices {
		if c.ID == want {
			return i
		}
	}
	return 0
}

// position returns the current question's number among the visible
// questions of its set, and how many there are.
func (q *questions) position() (int, int) {
	cur := profiles.Questions[q.index]
	n, total := 0, 0
	for i, other := range profiles.Questions {
		if other.Set == cur.Set && other.Visible(q.answers) {
			total++
			if i <= q.index {
				n++
			}
		}
	}
	return n, total
}

func (q *questions) update(msg tea.Msg) (screen, tea.Cmd) {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok || q.index < 0 {
		return q, nil
	}
	cur := profiles.Questions[q.index]
	switch key.String() {
	case "up", "k":
		q.cursor = step(q.cursor, -1, len(cur.Choices))
	case "down", "j":
		q.cursor = step(q.cursor, 1, len(cur.Choices))
	case "?":
		q.showHelp = !q.showHelp
	case "pgdown", "pgup":
		q.scroll.key(key.String())
	case "shift+tab", "esc", "left":
		return q.back()
	case "enter", "space", "right", "tab":
		q.answers[cur.ID] = cur.Choices[q.cursor].ID
		return q.forward()
	default:
		if n := int(key.Code - '1'); len(key.Text) == 1 && n >= 0 && n < len(cur.Choices) {
			q.cursor = n
		}
	}
	return q, nil
}

func (q *questions) forward() (screen, tea.Cmd) {
	next := q.next(q.index)
	if next < 0 {
		q.dropHidden()
		return q, send(questionsDoneMsg{})
	}
	q.index, q.scroll = next, scroll{}
	q.cursor = q.chosen()
	return q, nil
}

func (q *questions) back() (screen, tea.Cmd) {
	prev := q.prev(q.index)
	if prev < 0 {
		return q, send(backMsg{})
	}
	q.index, q.scroll = prev, scroll{}
	q.cursor = q.chosen()
	return q, nil
}

// dropHidden forgets answers to questions that no longer apply.
func (q *questions) dropHidden() {
	for _, qu := range profiles.Questions {
		if !qu.Visible(q.answers) {
			delete(q.answers, qu.ID)
		}
	}
}

func (q *questions) view(ui theme.UI, width, height int) string {
	if q.index < 0 {
		return ui.Render(theme.Frame{Title: "Planning questions", Focus: -1}, width, height)
	}
	cur := profiles.Questions[q.index]
	n, total := q.position()
	set := "Tenant model"
	if cur.Set == "devops" {
		set = "Azure DevOps model"
	}
	body := []string{""}
	body = append(body, theme.Wrap(ui.Heading.Render(cur.Title), width-2, "  ")...)
	body = append(body, "")
	if q.showHelp {
		body = append(body, theme.Wrap(cur.Help, width-2, "  ")...)
		body = append(body, "")
	}
	focus := 0
	for i, c := range cur.Choices {
		line := fmt.Sprintf("%d. %s", i+1, c.Label)
		if q.answers[cur.ID] == c.ID {
			line += ui.Faint.Render("  (current answer)")
		}
		if i == q.cursor {
			focus = len(body)
			body = append(body, ui.Focus.Render("  "+theme.MarkCursor+" ")+ui.Focus.Render(line))
		} else {
			body = append(body, "    "+line)
		}
	}
	helpKey := "show why"
	if q.showHelp {
		helpKey = "hide why"
	}
	keys := ui.KeyHelp("↑/↓", "choose", "enter/→", "next", "←/shift+tab", "back", "?", helpKey, "ctrl+c", "quit")
	return q.scroll.frame(ui, theme.Frame{
		Title: "Planning questions", Status: fmt.Sprintf("%s  %d/%d", set, n, total),
		Body: body, Focus: focus, Keys: keys,
	}, width, height)
}
