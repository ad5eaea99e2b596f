package cli

import (
	"io"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newRecommend(o *Options) *cobra.Command {
	var answers []string
	var list bool
	cmd := &cobra.Command{
		Use: "recommend", Short: "Recommend a tenant model and an Azure DevOps model from the planning answers", GroupID: "prepare",
		Args: cobra.NoArgs,
		Long: `Recommend reads the answers to the planning questions of Microsoft's
"factors to consider" guidance and recommends a tenant model (demo, enterprise,
multi-tenant) and an Azure DevOps model (1:1, 1:many, many:many), with the
reasons, the warnings and what each model means for the install.

Answers come from a file (-f: a PlanningAnswers document or a profile's
answers section), a preset, or --answer flags, which override the file.
--list shows every question with its id and choices.`,
		Example: `  almwiz recommend --list
  almwiz recommend -f answers.yaml
  almwiz recommend --answer tenant.users=1000+ --answer tenant.separate-admin-teams=yes
  almwiz recommend --preset enterprise --output json

  # answers.yaml
  apiVersion: almwiz/v1
  kind: PlanningAnswers
  answers:
    tenant.demo-wanted: "yes"
    tenant.users: 1-5`,
		RunE: func(*cobra.Command, []string) error {
			if list {
				return listQuestions(o)
			}
			a, err := collectAnswers(o, answers)
			if err != nil {
				return err
			}
			r := profiles.Recommend(a)
			if o.Output == "json" {
				return writeJSON(o.Stdout, r)
			}
			renderRecommendation(o.out(), r)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&answers, "answer", nil, "an answer as `QUESTION=CHOICE` (repeatable)")
	cmd.Flags().BoolVar(&list, "list", false, "list the planning questions, their ids and choices")
	return cmd
}

func collectAnswers(o *Options, flags []string) (profiles.Answers, error) {
	a := profiles.Answers{}
	switch {
	case o.Preset != "":
		p, err := profiles.Preset(o.Preset)
		if err != nil {
			return nil, err
		}
		a = p.Answers
	case o.Profile != "":
		data, err := readInput(o, o.Profile)
		if err != nil {
			return nil, err
		}
		if a, err = profiles.LoadAnswers(data, o.Profile); err != nil {
			return nil, err
		}
	case len(flags) == 0:
		return nil, usagef("Give -f answers.yaml, --preset NAME or --answer QUESTION=CHOICE (almwiz recommend --list shows the questions).", "no answers given")
	}
	var problems []profiles.Problem
	for _, f := range flags {
		id, value, ok := strings.Cut(f, "=")
		if err := profiles.CheckAnswer(id, value); !ok || err != nil {
			msg := "expected QUESTION=CHOICE"
			if err != nil {
				msg = err.Error()
			}
			problems = append(problems, profiles.Problem{Path: "--answer " + f, Message: msg})
			continue
		}
		a[id] = value
	}
	if len(problems) > 0 {
		return nil, &profiles.InvalidError{Source: "--answer", Problems: problems}
	}
	return a, nil
}

// readInput reads a file, or standard input for "-", through the size
// limit of a profile, giving up at once on a signal.
func readInput(o *Options, path string) ([]byte, error) {
	if path == "-" {
		return profiles.ReadLimited(o.context(), o.Stdin)
	}
	return profiles.ReadFile(o.context(), path)
}

func renderRecommendation(w io.Writer, r profiles.Recommendation) {
	s := theme.Default(true)
	for i, v := range []struct {
		title string
		v     profiles.Verdict
	}{{"Tenant model", r.Tenant}, {"Azure DevOps model", r.DevOps}} {
		if i > 0 {
			fprintf(w, "\n")
		}
		fprintf(w, "%s: %s\n", s.Heading.Render(v.title), s.Title.Render(strings.ToUpper(v.v.Model)))
		for _, f := range v.v.Reasons {
			fprintf(w, "  %s %s\n", s.Good.Render(theme.MarkDone), f.Text)
		}
		for _, f := range v.v.Warnings {
			fprintf(w, "  %s %s\n", s.Warn.Render(theme.MarkWarning), f.Text)
		}
		for _, m := range v.v.Means {
			fprintf(w, "  %s %s\n", s.Faint.Render(theme.MarkBullet), m)
		}
	}
}

func listQuestions(o *Options) error {
	if o.Output == "json" {
		return writeJSON(o.Stdout, profiles.Questions)
	}
	w := o.out()
	s := theme.Default(true)
	for _, q := range profiles.Questions {
		fprintf(w, "%s  %s\n", s.Code.Render(q.ID), q.Title)
		for _, c := range q.Choices {
			fprintf(w, "    %-18s %s\n", c.ID, s.Faint.Render(c.Label))
		}
	}
	return nil
}
