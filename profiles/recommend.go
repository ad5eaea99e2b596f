package profiles

import "sort"

// Recommendation is the advice for both deployment models.
type Recommendation struct {
	Tenant Verdict `json:"tenant"`
	DevOps Verdict `json:"devops"`
}

// Verdict is one model with why it was chosen and what to watch out for.
type Verdict struct {
	Model    string    `json:"model"`
	Reasons  []Finding `json:"reasons"`
	Warnings []Finding `json:"warnings"`
	Means    []string  `json:"means"`
}

// Finding is a reason or a warning, with a stable id.
type Finding struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Recommend returns the tenant and Azure DevOps models that fit the answers,
// with the reasons (the rules that led there), warnings and what each model
// means for the install. Unanswered questions count for nothing.
func Recommend(a Answers) Recommendation {
	return Recommendation{
		Tenant: decide(a, "tenant", TenantRules, string(TenantEnterprise), "default-enterprise",
			"Nothing in the answers points away from one enterprise tenant, the common installation."),
		DevOps: decide(a, "devops", DevOpsRules, string(DevOpsOneToOne), "default-one-to-one",
			"Nothing in the answers calls for separate Azure DevOps organizations; 1:1 is the default."),
	}
}

func decide(a Answers, set string, rules []Rule, fallback, fallbackID, fallbackReason string) Verdict {
	fired := firedRules(a, rules)
	model := fallback
	if m, ok := decisive(fired); ok {
		model = m
	} else if m, ok := bestScore(fired, fallback); ok {
		model = m
	}
	v := Verdict{Model: model, Means: Meanings[model]}
	for _, r := range fired {
		if r.Model == model {
			v.Reasons = append(v.Reasons, Finding{r.ID, r.Reason})
		}
	}
	if len(v.Reasons) == 0 {
		v.Reasons = []Finding{{fallbackID, fallbackReason}}
	}
	v.Warnings = cautions(a, set, model)
	return v
}

// CautionsFor returns the cautions for models chosen by the admin, which may
// differ from the recommended ones: a risk an answer raises is said whatever
// model wins.
func CautionsFor(a Answers, m Models) []Finding {
	return append(cautions(a, "tenant", string(m.Tenant)), cautions(a, "devops", string(m.DevOps))...)
}

func cautions(a Answers, set, model string) []Finding {
	var out []Finding
	for _, c := range Cautions {
		if c.Set == set && (c.Model == "" || c.Model == model) && c.Unless != model && holds(a, c.When) {
			out = append(out, Finding{c.ID, c.Text})
		}
	}
	return out
}

func firedRules(a Answers, rules []Rule) []Rule {
	var out []Rule
	for _, r := range rules {
		if holds(a, r.When) {
			out = append(out, r)
		}
	}
	return out
}

func decisive(fired []Rule) (string, bool) {
	for _, r := range fired {
		if r.Decisive {
			return r.Model, true
		}
	}
	return "", false
}

// bestScore returns the model with the highest total weight. A tie goes to
// the fallback when it is tied, else to the model whose rule comes first.
func bestScore(fired []Rule, fallback string) (string, bool) {
	scores, order := map[string]int{}, []string{}
	for _, r := range fired {
		if _, seen := scores[r.Model]; !seen {
			order = append(order, r.Model)
		}
		scores[r.Model] += r.Weight
	}
	sort.SliceStable(order, func(i, j int) bool {
		if scores[order[i]] != scores[order[j]] {
			return scores[order[i]] > scores[order[j]]
		}
		return order[i] == fallback && order[j] != fallback
	})
	if len(order) == 0 {
		return "", false
	}
	return order[0], true
}

// holds reports whether every condition of w is met by a.
func holds(a Answers, w map[string][]string) bool {
	for id, accepted := range w {
		ok := false
		for _, v := range accepted {
			if a[id] == v {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
