package profiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	return LoadFileContext(context.Background(), path)
}

// LoadFileContext is LoadFile that gives up when ctx ends (a signal), even
// while the file blocks: a FIFO without a writer, a pipe that never closes.
func LoadFileContext(ctx context.Context, path string) (*Profile, error) {
	data, err := ReadFile(ctx, path)
	if err != nil {
		return nil, err
	}
	p, err := Load(data, path)
	if err != nil {
		return nil, err
	}
	p.base = filepath.Dir(path)
	if msg := checkSolutionFile(p); msg != "" {
		ps := &problems{marks: p.marks}
		ps.add("solution.file", "%s", msg)
		return nil, &InvalidError{Source: path, Problems: ps.sorted()}
	}
	return p, nil
}

// MaxSolutionSize bounds a solution zip read from a file; Dataverse imports
// far smaller ones (the ALM Accelerator's is about 3 MB).
const MaxSolutionSize = 100 << 20

// checkSolutionFile says what is wrong with the zip solution.file names
// (resolved from the profile's directory), or "" — so that apply does not
// make dozens of changes before finding it missing.
func checkSolutionFile(p *Profile) string {
	if p.Solution.Source != "file" {
		return ""
	}
	path := p.SolutionFile()
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Sprintf("%s (relative paths start at the profile's directory): %v", path, unwrapped(err))
	case !fi.Mode().IsRegular():
		return fmt.Sprintf("%s is not a file; give the path of the managed solution zip", path)
	case fi.Size() > MaxSolutionSize:
		return fmt.Sprintf("%s is larger than %d MiB; is it the managed solution zip?", path, MaxSolutionSize>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("%s cannot be read: %v", path, unwrapped(err))
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "PK\x03\x04" {
		return fmt.Sprintf("%s is not a zip file; export the solution as managed from Power Apps (Solutions → Export)", path)
	}
	return ""
}

// ReadFile reads at most MaxFileSize+1 bytes of path (so a larger file is
// reported by size, and /dev/zero cannot fill the memory) and returns
// ctx.Err() as soon as ctx ends, even when opening or reading blocks. A
// directory or a file that cannot be opened is an *InvalidError naming it.
func ReadFile(ctx context.Context, path string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() { // left blocked in open or read when ctx ends; the process is exiting
		data, err := readLimited(path)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ReadLimited reads at most MaxFileSize+1 bytes of r, giving up when ctx
// ends.
func ReadLimited(ctx context.Context, r io.Reader) ([]byte, error) {
	done := make(chan []byte, 1)
	errs := make(chan error, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
		if err != nil {
			errs <- err
			return
		}
		done <- data
	}()
	select {
	case data := <-done:
		return data, nil
	case err := <-errs:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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
	unreadable := func(msg string) error {
		return &InvalidError{Source: path, Unreadable: true, Problems: []Problem{{Message: msg}}}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, unreadable("is a directory; give the profile file in it, e.g. " + filepath.Join(path, "profile.yaml"))
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, unreadable("does not exist; check the path (a relative one starts from the working directory)")
	}
	if err != nil {
		return nil, unreadable("cannot be opened: " + unwrapped(err).Error())
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unreadable("cannot be read: " + unwrapped(err).Error())
	}
	return data, nil
}

func unwrapped(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
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
