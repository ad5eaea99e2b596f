package profiles

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Answers maps a question id to the id of the chosen answer.
type Answers map[string]string

// KindAnswers identifies a planning-answers document.
const KindAnswers = "PlanningAnswers"

// AnswersDocument is a file holding only planning answers, as
// `almwiz recommend -f` reads it.
type AnswersDocument struct {
	APIVersion string  `yaml:"apiVersion,omitempty"`
	Kind       string  `yaml:"kind,omitempty"`
	Answers    Answers `yaml:"answers"`
}

// CheckAnswer returns why value is not an answer to question id, or nil.
func CheckAnswer(id, value string) error {
	q, ok := QuestionByID(id)
	if !ok {
		ids := make([]string, 0, len(Questions))
		for _, q := range Questions {
			ids = append(ids, q.ID)
		}
		if s := closest(id, ids); s != "" {
			return fmt.Errorf("unknown question %q — did you mean %q?", id, s)
		}
		return fmt.Errorf("unknown question %q (almwiz recommend --list shows them)", id)
	}
	var ids []string
	for _, c := range q.Choices {
		if c.ID == value {
			return nil
		}
		ids = append(ids, strconv.Quote(c.ID))
	}
	return fmt.Errorf("%q is not an answer to %q — choose %s", value, q.Title, strings.Join(ids, ", "))
}

// LoadAnswers reads planning answers from an answers document or from the
// answers section of an install profile.
func LoadAnswers(data []byte, source string) (Answers, error) {
	ps := &problems{marks: marks{}}
	root := parseDocument(data, ps)
	if root == nil {
		return nil, &InvalidError{Source: source, Problems: ps.sorted()}
	}
	if kindOf(root) == KindProfile {
		p, err := Load(data, source)
		if err != nil {
			return nil, err
		}
		return p.Answers, nil
	}
	var doc AnswersDocument
	if (shapeChecker{ps}).check(root, reflect.TypeOf(doc), "", 0) {
		if err := root.Decode(&doc); err != nil {
			ps.add("", "cannot read the document: %v", err)
		}
	}
	if doc.Kind != "" && doc.Kind != KindAnswers {
		ps.add("kind", "%q is not %s or %s", doc.Kind, KindAnswers, KindProfile)
	}
	keys := make([]string, 0, len(doc.Answers))
	for id := range doc.Answers {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	for _, id := range keys {
		if err := CheckAnswer(id, doc.Answers[id]); err != nil {
			ps.add("answers."+id, "%v", err)
		}
	}
	if len(ps.list) > 0 {
		return nil, &InvalidError{Source: source, Problems: ps.sorted()}
	}
	return doc.Answers, nil
}
