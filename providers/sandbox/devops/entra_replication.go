package devops

import (
	"net/http"
	"time"
)

// replicationLag is how long a Microsoft Entra group stays unknown to Azure
// DevOps after it is first asked for; zero turns the delay off.
func (s *Service) replicationLag() time.Duration {
	if s.env.ReplicationLag == nil {
		return 0
	}
	return s.env.ReplicationLag()
}

// entraGroupNotYetVisible answers 503 and reports true while the Entra
// group originID is still replicating to Azure DevOps. The real service
// answers POST _apis/Graph/Groups {"originId"} for a group it cannot yet
// resolve with 503 Service Unavailable, until the directory has replicated
// (microsoft/terraform-provider-azuredevops issues #298, #382, #896). The
// emulator does not see the directory, so it counts the lag from the first
// time an organization is asked for the group, which for an install that
// has just created the group is about when it was created.
func (q *request) entraGroupNotYetVisible(originID string) bool {
	lag := q.s.replicationLag()
	if lag <= 0 {
		return false
	}
	if q.org.EntraGroupsSeen == nil {
		q.org.EntraGroupsSeen = map[string]time.Time{}
	}
	key, now := lower(originID), q.s.env.Now()
	first, seen := q.org.EntraGroupsSeen[key]
	if !seen {
		q.org.EntraGroupsSeen[key], first = now, now
	}
	if now.Sub(first) >= lag {
		return false
	}
	writeError(q.w, http.StatusServiceUnavailable, "The Microsoft Entra group "+originID+" could not be resolved in the directory of organization "+
		q.org.Name+" yet. Try again later.", "GraphSubjectNotFoundException")
	return true
}
