package profiles

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxFileSize bounds profile and answers files; real ones are a few KB.
const MaxFileSize = 1 << 20

// LoadFile reads and validates the profile at path.
func LoadFile(path string) (*Profile, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	return Load(data, path)
}

// Load parses and validates a profile; source names it in messages. Every
// problem is reported at once in an *InvalidError.
func Load(data []byte, source string) (*Profile, error) {
	ps := &problems{marks: marks{}}
	root := parseDocument(data, ps)
	if root == nil {
		return nil, &InvalidError{Source: source, Problems: ps.sorted()}
	}
	var p Profile
	shapeOK := (shapeChecker{ps}).check(root, reflect.TypeOf(p), "", 0)
	// Decoding goes on past fields of the wrong shape, which the checker has
	// reported already, so the rest of the document is still checked.
	if err := root.Decode(&p); err != nil && shapeOK {
		ps.add("", "cannot read the document: %v", err)
	}
	p.marks = ps.marks
	if !ps.undecodable {
		ps.list = append(ps.list, unlessUnder(p.problems(), ps.list)...)
	}
	if len(ps.list) > 0 {
		return nil, &InvalidError{Source: source, Problems: ps.sorted()}
	}
	return &p, nil
}

// unlessUnder drops the problems at or below a path already reported.
func unlessUnder(list, reported []Problem) []Problem {
	var out []Problem
	for _, p := range list {
		covered := false
		for _, r := range reported {
			covered = covered || r.Path == "" || p.Path == r.Path || strings.HasPrefix(p.Path, r.Path+".") || strings.HasPrefix(p.Path, r.Path+"[")
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InvalidError{Source: path, Problems: []Problem{{Message: "cannot open the file: " + errors.Unwrap(err).Error()}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseDocument returns the root mapping of a single-document YAML file, or
// nil after adding the reason to ps.
func parseDocument(data []byte, ps *problems) *yaml.Node {
	if len(data) > MaxFileSize {
		ps.add("", "the file is larger than %d bytes; a profile is a few kilobytes — is this the right file?", MaxFileSize)
		return nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		ps.add("", "the file holds binary data, not YAML text")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			ps.add("", "the file is empty; start from a preset: almwiz validate --preset demo --output yaml")
			return nil
		}
		syntaxProblem(ps, err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		ps.marks["#2"] = mark{extra.Line, extra.Column}
		ps.add("#2", "the file holds more than one YAML document (---); keep one profile per file")
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		ps.add("", "the document must be a mapping of keys to values (apiVersion, kind, metadata, …)")
		return nil
	}
	return doc.Content[0]
}

func syntaxProblem(ps *problems, err error) {
	p := Problem{Message: "not valid YAML: " + err.Error()}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Column = 1
	}
	ps.list = append(ps.list, p)
}
