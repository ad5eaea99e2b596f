package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readmeCommand is one `go run . …` line of README.md and the exit code its
// comment announces ("exit 3: …"), 0 when it announces none.
type readmeCommand struct {
	line string
	exit int
}

var exitNote = regexp.MustCompile(`\bexit (\d+)`)

// readmeCommands are the `go run . …` lines of README.md's sh blocks, in
// order, with their trailing comments removed.
func readmeCommands(t *testing.T) []readmeCommand {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	comment := regexp.MustCompile(`\s+#\s.*$`)
	var out []readmeCommand
	inSh := false
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inSh = true
		case strings.HasPrefix(line, "```"):
			inSh = false
		case inSh && strings.HasPrefix(line, "go run . "):
			c := readmeCommand{line: strings.TrimSpace(comment.ReplaceAllString(line, ""))}
			if m := exitNote.FindStringSubmatch(comment.FindString(line)); m != nil {
				c.exit, _ = strconv.Atoi(m[1])
			}
			out = append(out, c)
		}
	}
	return out
}

// Every command the README shows runs as written (in a fresh directory
// holding the repository's testdata, with `go run .` standing for the
// binary): the sandbox ones against the sandbox, `sandbox serve` on a free
// loopback port in place of the README's 8443.
func TestREADMECommandsRunAsWritten(t *testing.T) {
	cmds := readmeCommands(t)
	if len(cmds) < 10 {
		t.Fatalf("found %d README commands; the parser lost them", len(cmds))
	}
	work, home, shim := t.TempDir(), t.TempDir(), t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Symlink(filepath.Join(wd, "testdata"), filepath.Join(work, "testdata")); err != nil {
		t.Fatal(err)
	}
	goShim := "#!/bin/sh\nif [ \"$1\" = run ] && [ \"$2\" = . ]; then shift 2; exec \"$ALMWIZ\" \"$@\"; fi\necho \"the README test runs only go run . (got: go $*)\" >&2\nexit 99\n"
	if err := os.WriteFile(filepath.Join(shim, "go"), []byte(goShim), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + shim + ":" + os.Getenv("PATH"), "HOME=" + home, "ALMWIZ=" + binary, "NO_COLOR=1",
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache")}
	addr := freeLoopbackAddr(t)
	ran := 0
	for _, rc := range cmds {
		c := strings.ReplaceAll(rc.line, "127.0.0.1:8443", addr)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-c", c)
		cmd.Dir, cmd.Env = work, env
		var stdout, stderr bytes.Buffer
		cmd.Stderr = &stderr
		if strings.Contains(c, "sandbox serve") {
			// Runs until stopped: wait for the URL it prints first.
			pipe, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); cancel() })
			first := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(pipe)
				sc.Scan()
				first <- sc.Text()
				for sc.Scan() {
				}
			}()
			url := await(t, first, 30*time.Second, "sandbox serve to print its URL")
			if !strings.HasPrefix(url, "https://"+addr) {
				t.Fatalf("%s printed %q first, want its URL", c, url)
			}
			ran++
			continue
		}
		cmd.Stdout = &stdout
		err := cmd.Run()
		cancel()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		want := rc.exit
		if c == "go run . --sandbox" {
			want = 2 // without a terminal it prints help and exits 2, as the README says
		}
		if code != want {
			t.Errorf("README command %q: exit %d, want %d\nstdout: %s\nstderr: %s", c, code, want, tail(stdout.String(), 1500), tail(stderr.String(), 1500))
		}
		ran++
	}
	t.Logf("ran %d README commands", ran)
}

// The README's `$ almwiz recommend …` transcripts are what the program
// prints (issue 14: the README matches what the program shows).
func TestREADMERecommendTranscriptsMatch(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	checked := 0
	for i, l := range lines {
		args, ok := strings.CutPrefix(l, "$ almwiz recommend ")
		if !ok {
			continue
		}
		var want []string
		for _, w := range lines[i+1:] {
			if strings.HasPrefix(w, "$ ") || strings.HasPrefix(w, "```") {
				break
			}
			want = append(want, w)
		}
		cmd := exec.Command(binary, append([]string{"recommend"}, strings.Fields(args)...)...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("almwiz recommend %s: %v", args, err)
		}
		if got, w := strings.TrimSpace(string(out)), strings.TrimSpace(strings.Join(want, "\n")); got != w {
			t.Errorf("README shows for `almwiz recommend %s`:\n%s\n\nthe program prints:\n%s", args, w, got)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no `$ almwiz recommend` transcript found in README.md")
	}
}

// The README's screen sketches (code blocks that start with a frame's
// title line) are golden files of the screens, as the program draws them.
func TestREADMESketchesAreTheScreens(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	goldens, _ := filepath.Glob(filepath.Join("ui", "*", "testdata", "*.golden"))
	screens := map[string]bool{}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		screens[strings.TrimRight(string(b), "\n")] = true
	}
	checked := 0
	for i, block := range strings.Split(string(data), "```") {
		block = strings.TrimPrefix(block, "\n")
		if i%2 == 0 || !strings.HasPrefix(block, " almwiz · ") {
			continue
		}
		checked++
		if !screens[strings.TrimRight(block, "\n")] {
			t.Errorf("README's sketch is no screen's golden file (regenerate them and copy the one it shows):\n%s", block)
		}
	}
	if checked < 2 {
		t.Fatalf("found %d screen sketches in README.md", checked)
	}
}
