package profiles

// Question is one planning question from Microsoft's "factors to consider"
// guidance for choosing the ALM Accelerator's deployment models.
type Question struct {
	ID      string   // stable id, used as the key in answers files
	Set     string   // "tenant" or "devops"
	Title   string   // the question as asked
	Help    string   // why it matters, one key away in the wizard
	Choices []Choice // typed choices; answers hold a choice id
	// Simplest is the choice that keeps the installation simplest (one
	// tenant, one Azure DevOps organization): the wizard starts on it, so
	// pressing Enter through every question never leads to a complex setup.
	Simplest string
	// ShowIf hides the question unless one of these answers was given
	// (question id → accepted choice ids). Empty: always shown.
	ShowIf map[string][]string
}

// Choice is one possible answer.
type Choice struct {
	ID    string
	Label string
}

var yesNo = []Choice{{"yes", "Yes"}, {"no", "No"}}
var yesNoUnsure = []Choice{{"yes", "Yes"}, {"no", "No"}, {"unsure", "Not sure yet"}}

// Questions are the planning questions in the order the wizard asks them:
// the tenant model's factors, then the Azure DevOps model's.
var Questions = []Question{
	{
		ID: "tenant.new-to-alm", Set: "tenant",
		Title:    "Does ALM for low-code bring concepts that parts of the business have never met?",
		Help:     "Source control, pull requests and pipelines may be new to makers and their managers. Where they are, a place to learn before production speeds adoption.",
		Choices:  []Choice{{"yes", "Yes — much of it will be new"}, {"some", "To some teams"}, {"no", "No — we already work this way"}},
		Simplest: "yes",
	},
	{
		ID: "tenant.demo-wanted", Set: "tenant",
		Title:    "Would a demo deployment help people experiment with ALM first?",
		Help:     "A separate demo tenant with trial licences lets makers, pro developers and admins try the end-to-end process before it touches production.",
		Choices:  []Choice{{"yes", "Yes — we want a place to learn and show the process"}, {"no", "No — we are ready to install for real"}, {"unsure", "Not sure"}},
		Simplest: "yes",
	},
	{
		ID: "tenant.operators", Set: "tenant",
		Title:    "Who will manage and operate the ALM process?",
		Help:     "The accelerator needs someone to own the pipelines, the service connections and the app registration's secret after the install.",
		Choices:  []Choice{{"one-admin", "One admin, for now"}, {"platform-team", "A central platform or CoE team"}, {"business-units", "Each business unit runs its own"}},
		Simplest: "one-admin",
	},
	{
		ID: "tenant.maker-growth", Set: "tenant",
		Title:    "How will the maker community be expanded to adopt ALM?",
		Help:     "A small pilot can start in a demo tenant; an organisation-wide programme needs the enterprise setup with makers' own development environments.",
		Choices:  []Choice{{"pilot", "A small pilot group"}, {"gradual", "Gradually, team by team, with training"}, {"organisation-wide", "An organisation-wide programme"}},
		Simplest: "pilot",
	},
	{
		ID: "tenant.self-service", Set: "tenant",
		Title:    "What self-service steps exist to create environments and promote between validation, test and production?",
		Help:     "The accelerator promotes solutions through validation, test and production. Where environments are requested and approved already, the enterprise model fits.",
		Choices:  []Choice{{"none", "None yet — admins do it by hand"}, {"request", "A request and approval process"}, {"automated", "Automated environment provisioning"}},
		Simplest: "none",
	},
	{
		ID: "tenant.users", Set: "tenant",
		Title:    "How many people will use the ALM process?",
		Help:     "A demo deployment is meant for about 1–5 people; enterprise apps can serve thousands.",
		Choices:  []Choice{{"1-5", "1 to 5"}, {"6-50", "6 to 50"}, {"51-1000", "51 to 1,000"}, {"1000+", "More than 1,000"}},
		Simplest: "1-5",
	},
	{
		ID: "tenant.trial-licences", Set: "tenant",
		Title:    "Will you use trial licences?",
		Help:     "Trial licences and trial environments suit a demo deployment; they expire and are not for production.",
		Choices:  yesNo,
		Simplest: "no",
	},
	{
		ID: "tenant.separate-tenants", Set: "tenant",
		Title:    "Do development, test and production — or partners — live in separate Microsoft Entra tenants?",
		Help:     "Environments spread over several tenants need the multi-tenant model: the app registration is made multi-tenant and consented in each tenant.",
		Choices:  yesNo,
		Simplest: "no",
	},
	{
		ID: "tenant.external-access", Set: "tenant",
		Title:    "Do people from outside your organisation need access?",
		Help:     "Microsoft's guidance invites outside users into a separate development tenant only, which makes the installation multi-tenant.",
		Choices:  yesNo,
		Simplest: "no",
	},
	{
		ID: "tenant.separate-admin-teams", Set: "tenant",
		Title:    "Are there separate admin teams for Microsoft Entra, Power Platform and Azure DevOps?",
		Help:     "In the enterprise model each admin team applies its own part of the shared profile (almwiz apply --scope entra|devops|powerplatform).",
		Choices:  yesNo,
		Simplest: "no",
	},
	{
		ID: "devops.separate-storage", Set: "devops",
		Title:    "Do teams or business units need separate places to store and manage their solutions?",
		Help:     "Separate Azure DevOps organizations keep each team's repositories, pipelines and permissions apart.",
		Choices:  yesNoUnsure,
		Simplest: "no",
	},
	{
		ID: "devops.different-policies", Set: "devops",
		Title:    "Do teams have different business sensitivity or DLP policies that need separate handling?",
		Help:     "Different data-loss-prevention policies per unit are easier to keep apart in separate organizations.",
		Choices:  yesNo,
		Simplest: "no",
	},
	{
		ID: "devops.overhead-worth", Set: "devops",
		Title:    "Is that separation worth the overhead of running several Azure DevOps processes?",
		Help:     "Each organization needs its own variable group, service connections, permissions and template updates.",
		Choices:  yesNoUnsure,
		Simplest: "no",
		ShowIf:   map[string][]string{"devops.separate-storage": {"yes", "unsure"}, "devops.different-policies": {"yes"}},
	},
	{
		ID: "devops.shared-assets", Set: "devops",
		Title:    "How will common templates and shared components be shared between teams?",
		Help:     "One central place is simplest; copies per team drift apart and must each be updated.",
		Choices:  []Choice{{"central", "One central place for everyone"}, {"per-team", "Each team keeps its own copy"}},
		Simplest: "central",
	},
	{
		ID: "devops.own-identities", Set: "devops",
		Title:    "Will each team manage its own Entra applications and service principals, or share them?",
		Help:     "Every app registration's secret must be rotated and every service connection updated when it is; fewer registrations mean less to rotate.",
		Choices:  []Choice{{"shared", "Share one across environments and organizations"}, {"per-team", "Each team manages its own"}},
		Simplest: "shared",
	},
	{
		ID: "devops.separate-maker-deployments", Set: "devops",
		Title:    "Do you need separate Power Platform maker deployments (several ALM Accelerator installations)?",
		Help:     "Several installations (many:many) each have to be updated and managed on their own; Microsoft does not recommend it.",
		Choices:  yesNo,
		Simplest: "no",
	},
}

// QuestionByID returns the question with id.
func QuestionByID(id string) (Question, bool) {
	for _, q := range Questions {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// Visible reports whether q applies given the answers so far.
func (q Question) Visible(a Answers) bool {
	if len(q.ShowIf) == 0 {
		return true
	}
	for id, accepted := range q.ShowIf {
		for _, v := range accepted {
			if a[id] == v {
				return true
			}
		}
	}
	return false
}
