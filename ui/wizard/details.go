package wizard

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// details collects the names, URLs and environments of the install, with
// the same checks as `almwiz validate` shown under each field as you type.
type details struct {
	draft    *profiles.Profile
	fields   []field
	cursor   int // a field, or len(fields) for the Continue row
	input    textinput.Model
	problems map[string][]string // messages by field path
	other    []profiles.Problem  // problems no field shows
	found    map[LookupKind][]string
	labels   map[string]string // what a found value is, shown under it (an environment's name, type, region)
	lookup   Lookup
	ctx      context.Context
	note     string
	said     string                          // what the last ctrl+n or ctrl+x did
	refused  bool                            // said is why a removal was refused
	arose    []profiles.Problem              // problems no field shows that the last change caused
	preset   string                          // the preset the draft came from, when the questions were skipped
	parked   map[string]profiles.Environment // by name: what an environment had before its mode was switched
	lines    []int                           // each field's body line, as last drawn, for pgdn and pgup
	page     int                             // body lines in view, as last drawn
}

// lookupMsg carries values found by Options.Lookup.
type lookupMsg struct {
	kind   LookupKind
	values []string
	err    error
}

func newDetails(p *profiles.Profile, lookup Lookup, ctx context.Context) *details {
	d := &details{draft: p, lookup: lookup, ctx: ctx, found: map[LookupKind][]string{}}
	d.input = textinput.New()
	d.input.Prompt = ""
	d.fields = buildFields(p)
	d.validate()
	return d
}

func (d *details) init() tea.Cmd {
	cmds := []tea.Cmd{d.focus(0)}
	if d.lookup != nil {
		for _, k := range []LookupKind{LookupOrganizations, LookupProjects, LookupEnvironments} {
			cmds = append(cmds, lookupCmd(d.ctx, d.lookup, k, cloneProfile(d.draft)))
		}
	}
	return tea.Batch(cmds...)
}

// lookupCmd runs a lookup off the update loop.
func lookupCmd(ctx context.Context, lookup Lookup, kind LookupKind, p *profiles.Profile) tea.Cmd {
	return func() tea.Msg {
		values, err := lookup(ctx, kind, p)
		return lookupMsg{kind, values, err}
	}
}

// validate re-runs the profile checks and files each problem under the
// field whose path is the longest prefix of the problem's path.
func (d *details) validate() {
	d.problems, d.other = map[string][]string{}, nil
	err := d.draft.Validate()
	inv, ok := err.(*profiles.InvalidError)
	if !ok {
		return
	}
	for _, pr := range inv.Problems {
		if f := d.owner(pr.Path); f != "" {
			d.problems[f] = append(d.problems[f], pr.Message)
		} else {
			d.other = append(d.other, pr)
		}
	}
}

func (d *details) owner(path string) string {
	best := ""
	for _, f := range d.fields {
		if f.also == path {
			return f.path
		}
		if (path == f.path || strings.HasPrefix(path, f.path+".") || strings.HasPrefix(path, f.path+"[")) && len(f.path) > len(best) {
			best = f.path
		}
	}
	return best
}

func (d *details) problemCount() int { return len(d.other) + len(d.problems) }

func (d *details) focus(i int) tea.Cmd {
	d.cursor = max(0, min(i, len(d.fields)))
	d.input.Blur()
	if d.cursor == len(d.fields) || d.fields[d.cursor].choices != nil {
		return nil
	}
	f := d.fields[d.cursor]
	d.input.SetValue(f.get(d.draft))
	d.input.CursorEnd()
	return d.input.Focus()
}

func (d *details) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case lookupMsg:
		if msg.err == nil {
			d.found[msg.kind] = msg.values
		} else {
			d.note = "could not look up " + string(msg.kind) + ": " + msg.err.Error()
		}
		return d, nil
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return d, cmd
}

func (d *details) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	d.said, d.arose = "", nil
	switch msg.String() {
	case "ctrl+n":
		return d, d.add()
	case "ctrl+x":
		return d, d.remove()
	case "ctrl+p":
		if d.preset != "" {
			return d, send(planningMsg{cloneProfile(d.draft)})
		}
	case "esc":
		return d, send(backMsg{})
	case "shift+tab", "up":
		if d.cursor == 0 && msg.String() == "shift+tab" {
			return d, send(backMsg{})
		}
		return d, d.focus(d.cursor - 1)
	case "tab", "down":
		return d, d.focus(d.cursor + 1)
	case "pgdown", "pgup":
		return d, d.focus(d.pageFrom(msg.String() == "pgdown"))
	case "enter":
		if d.cursor == len(d.fields) {
			return d.finish()
		}
		return d, d.focus(d.cursor + 1)
	case "left", "right":
		if d.cursor < len(d.fields) && len(d.options(d.fields[d.cursor])) > 0 {
			return d, d.choose(msg.String())
		}
	}
	if d.cursor == len(d.fields) || d.fields[d.cursor].choices != nil {
		return d, nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	d.fields[d.cursor].set(d.draft, d.input.Value())
	if d.fields[d.cursor].rebuild {
		d.fields = buildFields(d.draft)
	}
	d.validate()
	return d, cmd
}

// pageFrom is the field a page below (or above) the focused one: the
// farthest whose line was within a page of it when last drawn.
func (d *details) pageFrom(down bool) int {
	if len(d.lines) != len(d.fields) || d.page == 0 {
		return d.cursor
	}
	i, from := d.cursor, d.lines[min(d.cursor, len(d.fields)-1)]
	if down {
		for i < len(d.fields) && (i == d.cursor || d.lines[i]-from < d.page-1) {
			i++
		}
		if i < len(d.fields) {
			i-- // the farthest still within the page
		}
		return max(i, d.cursor+1)
	}
	for i > 0 && (i == d.cursor || from-d.lines[i-1] < d.page-1) {
		i--
	}
	return i
}

// options are a field's fixed choices, or the values looked up for it.
func (d *details) options(f field) []string {
	if f.choices != nil {
		return f.choices
	}
	return d.found[f.lookup]
}

// choose moves a picker field to the previous or next option; picking an
// organization looks up its projects.
func (d *details) choose(dir string) tea.Cmd {
	f := d.fields[d.cursor]
	opts := d.options(f)
	i := slices.Index(opts, f.get(d.draft))
	if dir == "left" {
		i = (i - 1 + len(opts)) % len(opts)
	} else {
		i = (i + 1) % len(opts)
	}
	if e := f.entry; e.kind == entryEnvironment && f.path == "environments."+e.name {
		d.switchMode(e.name, opts[i])
	} else {
		f.set(d.draft, opts[i])
	}
	if f.choices == nil {
		d.input.SetValue(opts[i])
		d.input.CursorEnd()
	}
	if f.rebuild {
		d.fields = buildFields(d.draft)
	}
	d.validate()
	if f.lookup == LookupOrganizations && d.lookup != nil {
		return lookupCmd(d.ctx, d.lookup, LookupProjects, cloneProfile(d.draft))
	}
	return nil
}

// switchMode switches an environment between existing and create, and
// brings back what it had in the other mode: the URL typed before choosing
// create, the create settings before choosing existing.
func (d *details) switchMode(name, mode string) {
	i := slices.IndexFunc(d.draft.Environments, func(e profiles.Environment) bool { return e.Name == name })
	e := &d.draft.Environments[i]
	before := cloneEnvironment(*e)
	setEnvironmentMode(e, mode)
	if p, ok := d.parked[name]; ok && mode == "existing" {
		e.URL = p.URL
	} else if ok && p.Create != nil {
		e.Create = p.Create
	}
	if d.parked == nil {
		d.parked = map[string]profiles.Environment{}
	}
	d.parked[name] = before
}

// focused is the entry the focused field belongs to, if any.
func (d *details) focused() (entry, bool) {
	if d.cursor == len(d.fields) || d.fields[d.cursor].entry.kind == "" {
		return entry{}, false
	}
	return d.fields[d.cursor].entry, true
}

// add adds an entry like the focused one and focuses its first field.
func (d *details) add() tea.Cmd {
	e, ok := d.focused()
	if !ok {
		return nil
	}
	path, name := addEntry(d.draft, e)
	d.revalidate()
	d.said, d.refused = "added "+name+" — ctrl+x removes it", false
	return d.focus(slices.IndexFunc(d.fields, func(f field) bool { return f.path == path }))
}

// revalidate rebuilds the fields after an entry was added or removed, and
// keeps the problems that arose with it (a model's constraint, such as
// many:many needing two hosts) to say them next to the change.
func (d *details) revalidate() {
	before := slices.Clone(d.other)
	d.fields = buildFields(d.draft)
	d.validate()
	d.arose = slices.DeleteFunc(slices.Clone(d.other), func(p profiles.Problem) bool { return slices.Contains(before, p) })
}

// remove removes the focused entry, without asking: ctrl+n adds it back.
func (d *details) remove() tea.Cmd {
	e, ok := d.focused()
	if !ok || !e.removable {
		return nil
	}
	what, first := e.removes(d.draft), slices.IndexFunc(d.fields, func(f field) bool { return f.entry == e })
	after, err := removeEntry(d.draft, e)
	if err != nil {
		d.said, d.refused = what+" stays: "+err.Error(), true
		return nil
	}
	d.revalidate()
	d.said, d.refused = "removed "+what, false
	if after != "" {
		d.said += " — " + after
	}
	return d.focus(min(first, len(d.fields)-1)) // what followed the removed entry
}

func (d *details) finish() (screen, tea.Cmd) {
	if d.problemCount() == 0 {
		return d, send(detailsDoneMsg{cloneProfile(d.draft)})
	}
	for i, f := range d.fields {
		if len(d.problems[f.path]) > 0 {
			return d, d.focus(i)
		}
	}
	return d, nil
}

func (d *details) view(ui theme.UI, width, height int) string {
	body := d.presetLines(ui, width)
	focus := 0
	for _, p := range d.other {
		body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed)+" "+p.Path+": "+p.Message, width-2, "  ")...)
	}
	labelW := 26
	d.lines = d.lines[:0]
	for i, f := range d.fields {
		if f.section != "" {
			body = append(body, "", "  "+ui.Heading.Render(f.section))
		}
		d.lines = append(d.lines, len(body))
		if i == d.cursor {
			focus = len(body)
		}
		body = append(body, d.fieldLines(ui, f, i == d.cursor, labelW, width)...)
		if l, ok := labelLine(ui, d.labels, f.get(d.draft), labelW+4); ok && f.lookup != "" {
			body = append(body, l)
		}
		if n := len(d.found[f.lookup]); i == d.cursor && f.choices == nil && n > 0 {
			body = append(body, strings.Repeat(" ", labelW+4)+ui.Faint.Render(fmt.Sprintf("←/→ choose from the %d found after sign-in, or type", n)))
		}
		for _, msg := range d.problems[f.path] {
			body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" "+msg), width-2, strings.Repeat(" ", labelW+4))...)
		}
		if msg := d.unusedNote(f); msg != "" {
			body = append(body, theme.Wrap(ui.Warn.Render(theme.MarkWarning+" "+msg), width-2, strings.Repeat(" ", labelW+4))...)
		}
		if i == d.cursor {
			focus = len(body) - 1 // keep what is said about the field in view too
		}
	}
	body = append(body, "")
	if d.cursor == len(d.fields) {
		focus = len(body)
	}
	body = append(body, d.continueLine(ui))
	if d.note != "" {
		body = append(body, "", "  "+ui.Faint.Render(d.note))
	}
	status := ui.Good.Render(theme.MarkDone + " valid")
	if n := len(unusedTenants(d.draft)); n > 0 {
		status = ui.Warn.Render(fmt.Sprintf("%s valid · %d unused tenant%s", theme.MarkWarning, n, map[bool]string{true: "s"}[n > 1]))
	}
	if n := d.problemCount(); n > 0 {
		status = ui.Bad.Render(fmt.Sprintf("%s %d to fix", theme.MarkFailed, n))
	}
	var bottom []string
	if d.said != "" {
		style := ui.Faint
		if d.refused {
			style = ui.Bad
		}
		bottom = theme.Wrap(style.Render(d.said), width-2, "  ")
		for _, p := range d.arose {
			bottom = append(bottom, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" "+p.Message), width-2, "  ")...)
		}
	}
	f := theme.Frame{Title: "Details", Status: status, Body: body, Bottom: bottom, Focus: focus, Keys: d.keys(ui, width)}
	d.page = ui.BodyRoom(f, width, height)
	return ui.Render(f, width, height)
}

// presetLines say what the preset filled in, when the draft came from one.
func (d *details) presetLines(ui theme.UI, width int) []string {
	if d.preset == "" {
		return nil
	}
	var envs []string
	for _, e := range d.draft.Environments {
		envs = append(envs, e.Name)
	}
	text := fmt.Sprintf("Filled in from the %s preset: tenant model %s, Azure DevOps model %s, environments %s. ctrl+p reviews the planning answers behind it.",
		d.preset, d.draft.Models.Tenant, d.draft.Models.DevOps, strings.Join(envs, ", "))
	return theme.Wrap(ui.Faint.Render(text), width-2, "  ")
}

// unusedNote says, under a tenant's domain, that nothing is in the tenant
// and how to remove it or put something in it.
func (d *details) unusedNote(f field) string {
	if e := f.entry; e.kind != entryTenant || !e.removable || tenantUsed(d.draft, e.name) {
		return ""
	}
	msg := "unused: nothing is in this tenant — ctrl+x removes it"
	if d.draft.Models.Tenant == profiles.TenantMultiTenant {
		msg += ", or choose it as an environment's Tenant below"
	}
	return msg
}

// keys are the footer: moving, and adding or removing the focused entry
// when there is one; the least needed keys go first when it is too wide.
func (d *details) keys(ui theme.UI, width int) string {
	e, ok := d.focused()
	pairs := []string{"tab/↓", "next", "shift+tab/↑", "previous"}
	switch {
	case !ok:
		pairs = append(pairs, "←/→", "choose", "enter", "next")
	case len(d.options(d.fields[d.cursor])) > 0:
		pairs = append(pairs, "←/→", "choose")
	}
	if ok {
		pairs = append(pairs, "ctrl+n", "add "+e.adds())
	}
	if ok && e.removable {
		pairs = append(pairs, "ctrl+x", "remove "+e.removes(d.draft))
	}
	if d.preset != "" {
		pairs = append(pairs, "ctrl+p", "planning answers")
	}
	pairs = append(pairs, "esc", "back")
	fits := func() bool { return ansi.StringWidth(ansi.Strip(ui.KeyHelp(pairs...))) <= width-2 }
	if !fits() {
		pairs = append([]string{"↑/↓", "move"}, pairs[4:]...)
	}
	if !fits() && d.preset != "" {
		pairs = slices.Delete(pairs, len(pairs)-4, len(pairs)-2) // ctrl+p: the top of the screen says it too
	}
	if !fits() {
		pairs = pairs[:len(pairs)-2] // esc back; shift+tab on the first field goes back too
	}
	return ui.KeyHelp(pairs...)
}

// fieldLines is a field's label and value; a long value (a URL, an id)
// wraps under itself rather than being cut.
func (d *details) fieldLines(ui theme.UI, f field, focused bool, labelW, width int) []string {
	mark, label := "  ", f.label
	if focused {
		mark, label = ui.Focus.Render(theme.MarkCursor)+" ", ui.Focus.Render(f.label)
	}
	line := "  " + mark + label + strings.Repeat(" ", max(1, labelW-ansi.StringWidth(f.label)))
	value := f.get(d.draft)
	switch {
	case focused && f.choices == nil:
		d.input.SetWidth(max(10, width-labelW-6))
		line += d.input.View()
	case focused:
		line += ui.Focus.Render("◂ " + value + " ▸")
	case value == "":
		line += ui.Faint.Render("(empty)")
	default:
		indent := strings.Repeat(" ", 4+labelW)
		lines := theme.Wrap(value, width, indent)
		lines[0] = line + strings.TrimPrefix(lines[0], indent)
		return lines
	}
	return []string{line}
}

func (d *details) continueLine(ui theme.UI) string {
	text := "Continue to review ▸"
	if n := d.problemCount(); n > 0 {
		text = fmt.Sprintf("Continue to review ▸  (%d to fix first — enter jumps to the first)", n)
	}
	if d.cursor == len(d.fields) {
		return "  " + ui.Focus.Render(theme.MarkCursor+" "+text)
	}
	return "    " + ui.Faint.Render(text)
}
