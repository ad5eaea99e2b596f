package profiles

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a profile or an answers file, located by
// its field path and, when read from a file, its line and column.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	where := p.Path
	if where == "" {
		where = "(document)"
	}
	if p.Line > 0 {
		where += fmt.Sprintf(" (line %d, col %d)", p.Line, p.Column)
	}
	return where + ": " + p.Message
}

// InvalidError reports every problem found in one document. Commands exit
// with code 2 for it.
type InvalidError struct {
	Source   string // file name, preset or "profile"
	Problems []Problem
	// Unreadable says the file could not be opened or read (missing, a
	// directory, no permission): its content was not checked.
	Unreadable bool
}

func (e *InvalidError) Error() string {
	if e.Unreadable && len(e.Problems) == 1 {
		return e.Source + " " + e.Problems[0].Message
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not valid (%d problem", e.Source, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// ExitCode marks invalid input: exit 2.
func (e *InvalidError) ExitCode() int { return 2 }

// mark is a position in a YAML file.
type mark struct{ line, col int }

// marks maps field paths to where they stood in the source file.
type marks map[string]mark

// at returns the position of path, or of its nearest ancestor that has one.
func (m marks) at(path string) (mark, bool) {
	for p := path; ; {
		if mk, ok := m[p]; ok {
			return mk, true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return mark{}, false
		}
		p = p[:i]
	}
}

// problems collects problems, locating each through marks.
type problems struct {
	marks marks
	list  []Problem
	// undecodable: the document could not be decoded whole, so only its
	// shape problems are reported.
	undecodable bool
}

func (ps *problems) add(path, format string, args ...any) {
	p := Problem{Path: path, Message: fmt.Sprintf(format, args...)}
	if mk, ok := ps.marks.at(path); ok {
		p.Line, p.Column = mk.line, mk.col
	}
	ps.list = append(ps.list, p)
}

// sorted returns the problems in file order, then path order, without duplicates.
func (ps *problems) sorted() []Problem {
	out := append([]Problem(nil), ps.list...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Path < out[j].Path
	})
	for i := range out { // messages and paths may quote a hostile file
		out[i].Path, out[i].Message = SafeText(out[i].Path), SafeText(out[i].Message)
	}
	dedup := out[:0]
	for i, p := range out {
		if i == 0 || p != out[i-1] {
			dedup = append(dedup, p)
		}
	}
	return dedup
}
