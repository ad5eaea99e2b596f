package powerplatform

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parseFilter compiles the subset of OData $filter the installer and its
// tests use: eq/ne comparisons, and/or/not, parentheses, and the functions
// startswith, endswith and contains. Strings compare case-insensitively, as
// Dataverse's default collation does.
func parseFilter(s string) (func(record) bool, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &filterParser{toks: toks}
	pred, err := p.or()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return pred, err
}

type filterParser struct {
	toks []string
	pos  int
}

func (p *filterParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *filterParser) next() string { t := p.peek(); p.pos++; return t }

func (p *filterParser) expect(t string) error {
	if got := p.next(); got != t {
		return fmt.Errorf("expected %q, found %q", t, got)
	}
	return nil
}

func (p *filterParser) or() (func(record) bool, error) {
	return p.chain("or", p.and, func(a, b bool) bool { return a || b })
}

func (p *filterParser) and() (func(record) bool, error) {
	return p.chain("and", p.unary, func(a, b bool) bool { return a && b })
}

func (p *filterParser) chain(op string, sub func() (func(record) bool, error), join func(a, b bool) bool) (func(record) bool, error) {
	left, err := sub()
	for err == nil && strings.EqualFold(p.peek(), op) {
		p.next()
		var right func(record) bool
		if right, err = sub(); err == nil {
			l, r := left, right
			left = func(rec record) bool { return join(l(rec), r(rec)) }
		}
	}
	return left, err
}

func (p *filterParser) unary() (func(record) bool, error) {
	switch t := p.next(); {
	case strings.EqualFold(t, "not"):
		inner, err := p.unary()
		return func(rec record) bool { return !inner(rec) }, err
	case t == "(":
		inner, err := p.or()
		if err == nil {
			err = p.expect(")")
		}
		return inner, err
	case p.peek() == "(":
		return p.function(strings.ToLower(t))
	case t == "":
		return nil, errors.New("unexpected end of expression")
	default:
		return p.comparison(t)
	}
}

func (p *filterParser) comparison(field string) (func(record) bool, error) {
	op := strings.ToLower(p.next())
	lit, err := literal(p.next())
	if err != nil {
		return nil, err
	}
	switch op {
	case "eq":
		return func(rec record) bool { return normalized(lookup(rec, field)) == lit }, nil
	case "ne":
		return func(rec record) bool { return normalized(lookup(rec, field)) != lit }, nil
	}
	return nil, fmt.Errorf("operator %q is not supported", op)
}

func (p *filterParser) function(name string) (func(record) bool, error) {
	p.next() // (
	field := p.next()
	if err := p.expect(","); err != nil {
		return nil, err
	}
	lit, err := literal(p.next())
	if err == nil {
		err = p.expect(")")
	}
	test := map[string]func(string, string) bool{
		"startswith": strings.HasPrefix, "endswith": strings.HasSuffix, "contains": strings.Contains,
	}[name]
	if test == nil && err == nil {
		err = fmt.Errorf("function %q is not supported", name)
	}
	return func(rec record) bool { return test(normalized(lookup(rec, field)), lit) }, err
}

// lookup reads an attribute; a lookup's navigation name (parentbusinessunitid)
// falls back to its value attribute (_parentbusinessunitid_value).
func lookup(rec record, field string) any {
	if v, ok := rec[field]; ok {
		return v
	}
	return rec["_"+field+"_value"]
}

// literal normalises a filter literal the way normalized normalises values.
func literal(t string) (string, error) {
	switch {
	case t == "":
		return "", errors.New("missing value")
	case strings.HasPrefix(t, "'"):
		return strings.ToLower(strings.ReplaceAll(t[1:len(t)-1], "''", "'")), nil
	case strings.EqualFold(t, "null"):
		return "\x00null", nil
	}
	return strings.ToLower(t), nil
}

// normalized normalises an attribute value for comparison with a literal.
func normalized(v any) string {
	switch x := v.(type) {
	case nil:
		return "\x00null"
	case string:
		return strings.ToLower(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strings.ToLower(fmt.Sprint(v))
}

// tokenize splits a filter into words, quoted strings, parentheses and commas.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			i++
		case c == '(' || c == ')' || c == ',':
			toks = append(toks, string(c))
			i++
		case c == '\'':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' && (j+1 == len(s) || s[j+1] != '\'') {
					break
				} else if s[j] == '\'' {
					j++
				}
			}
			if j >= len(s) {
				return nil, errors.New("unterminated string literal")
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" (),'", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}
