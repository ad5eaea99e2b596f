package devops

import "net/http"

// process is one of the system process templates every organization has.
type process struct {
	ID, Name, Description string
	IsDefault             bool
}

// processes are the system processes with their well-known template type ids.
var processes = []process{
	{"adcc42ab-9882-485e-a3ed-7678f01f66bc", "Agile", "This template is flexible and will work great for most teams using Agile planning methods, including those practicing Scrum.", true},
	{"6b724908-ef14-45cf-84f8-768b5384da45", "Scrum", "This template is for teams who follow the Scrum framework.", false},
	{"27450541-8e31-4150-9947-dc59f998fc01", "CMMI", "This template is for more formal projects requiring a framework for process improvement and an auditable record of decisions.", false},
	{"b8a3a935-7e91-48b8-a94c-606d37c3e9f2", "Basic", "This template is flexible for any process and great for teams getting started with Azure DevOps.", false},
}

func processRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "_apis/process/processes", listProcesses},
		{hostDevOps, http.MethodGet, "_apis/process/processes/{processId}", getProcess},
	}
}

// processName is the name of the process with template type id, or "".
func processName(id string) string {
	for _, p := range processes {
		if sameName(p.ID, id) {
			return p.Name
		}
	}
	return ""
}

func (q *request) processJSON(p process) map[string]any {
	return map[string]any{"id": p.ID, "name": p.Name, "description": p.Description, "isDefault": p.IsDefault,
		"type": "system", "url": q.base + "/_apis/process/processes/" + p.ID}
}

func listProcesses(q *request) {
	var out []map[string]any
	for _, p := range processes {
		out = append(out, q.processJSON(p))
	}
	listOf(q, out)
}

func getProcess(q *request) {
	for _, p := range processes {
		if sameName(p.ID, q.param("processId")) {
			q.ok(q.processJSON(p))
			return
		}
	}
	q.notFound("VS402362: The process "+q.param("processId")+" could not be found.", "ProcessNotFoundByTypeIdException")
}
