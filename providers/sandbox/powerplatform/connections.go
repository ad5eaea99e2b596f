package powerplatform

import (
	"net/http"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// connection is a PowerApps connection to a connector, owned by whoever made it.
type connection struct {
	Name        string    `json:"name"`
	Environment string    `json:"environment"`
	API         string    `json:"api"` // connector name, e.g. shared_commondataservice
	DisplayName string    `json:"displayName"`
	CreatedBy   principal `json:"createdBy"`
	CreatedTime time.Time `json:"createdTime"`
}

func (s *Service) registerConnections(mux *http.ServeMux) {
	apis := powerAppsRoot + "/apis/{api}/connections"
	mux.HandleFunc("GET "+apis, s.powerApps(s.listConnections))
	mux.HandleFunc("GET "+powerAppsRoot+"/scopes/admin/environments/{environment}/connections", s.powerApps(s.listConnections))
	mux.HandleFunc("GET "+apis+"/{name}", s.powerApps(s.getConnection))
	mux.HandleFunc("PUT "+apis+"/{name}", s.powerApps(s.putConnection))
	mux.HandleFunc("DELETE "+apis+"/{name}", s.powerApps(s.deleteConnection))
	s.registerInvoke(mux)
	s.registerConnectionControl(mux)
}

func (c *connection) dto() map[string]any {
	apiID := "/providers/Microsoft.PowerApps/apis/" + c.API
	return map[string]any{
		"name": c.Name, "id": apiID + "/connections/" + c.Name, "type": "Microsoft.PowerApps/apis/connections",
		"properties": map[string]any{
			"apiId": apiID, "displayName": c.DisplayName, "statuses": []any{map[string]any{"status": "Connected"}},
			"createdBy": c.CreatedBy, "createdTime": isoTime(c.CreatedTime), "lastModifiedTime": isoTime(c.CreatedTime),
			"environment": environmentRef(c.Environment), "connectionParameters": map[string]any{}, "allowSharing": false,
		},
	}
}

// connection finds a connection of an environment by name.
func (st *state) connection(env, name string) *connection {
	for _, c := range st.Connections {
		if strings.EqualFold(c.Environment, env) && strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

func (s *Service) listConnections(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	env, api := filteredEnvironment(r), r.PathValue("api")
	value := []any{}
	for _, c := range s.st.Connections {
		if (env == "" || strings.EqualFold(c.Environment, env)) && (api == "" || strings.EqualFold(c.API, api)) {
			value = append(value, c.dto())
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Service) getConnection(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	c := s.st.connection(filteredEnvironment(r), r.PathValue("name"))
	if c == nil || !strings.EqualFold(c.API, r.PathValue("api")) {
		writeAPIError(w, http.StatusNotFound, "ConnectionNotFound", "Could not find connection '"+r.PathValue("name")+"'.")
		return
	}
	writeJSON(w, http.StatusOK, c.dto())
}

// putConnection creates a connection owned by the caller, already Connected
// (a real OAuth connection needs the person to consent in the maker portal).
func (s *Service) putConnection(w http.ResponseWriter, r *http.Request, c emulator.Claims) {
	var body struct {
		Properties struct {
			DisplayName string `json:"displayName"`
			Environment struct {
				Name string `json:"name"`
			} `json:"environment"`
		} `json:"properties"`
	}
	if err := readJSON(r, &body); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	env := firstNonEmpty(body.Properties.Environment.Name, filteredEnvironment(r))
	conn, err := s.createConnection(env, r.PathValue("api"), r.PathValue("name"), body.Properties.DisplayName, callerPrincipal(c))
	if err != "" {
		writeAPIError(w, http.StatusBadRequest, "InvalidEnvironment", err)
		return
	}
	writeJSON(w, http.StatusCreated, conn.dto())
}

func (s *Service) deleteConnection(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	env, name := filteredEnvironment(r), r.PathValue("name")
	s.st.Connections = deleteWhere(s.st.Connections, func(c *connection) bool {
		return strings.EqualFold(c.Environment, env) && strings.EqualFold(c.Name, name)
	})
	w.WriteHeader(http.StatusOK)
}

// createConnection adds a connection; it explains what is wrong otherwise.
func (s *Service) createConnection(env, api, name, displayName string, owner principal) (*connection, string) {
	if _, ok := s.st.Environments[strings.ToLower(env)]; !ok {
		return nil, "The environment '" + env + "' does not exist."
	}
	if c := s.st.connection(env, name); c != nil && name != "" {
		return c, ""
	}
	c := &connection{Name: firstNonEmpty(name, strings.ReplaceAll(newGUID(), "-", "")), Environment: strings.ToLower(env),
		API: api, DisplayName: firstNonEmpty(displayName, owner.DisplayName), CreatedBy: owner, CreatedTime: s.env.Now()}
	s.st.Connections = append(s.st.Connections, c)
	return c, ""
}

// CreateConnection makes a Connected connection to api (e.g.
// "shared_commondataservice") in an environment (its name or its Dataverse
// URL), owned by the person with
// Entra object id ownerID — what an admin does by signing in once in the
// maker portal. It returns the connection's name.
func (s *Service) CreateConnection(environment, api, ownerID, ownerName string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	c, msg := s.createConnection(s.environmentNamed(environment), api, "", "", principal{ID: ownerID, DisplayName: ownerName, Type: "User"})
	if msg != "" {
		return "", errorString(msg)
	}
	return c.Name, nil
}

// errorString is a plain error with a fixed message.
type errorString string

func (e errorString) Error() string { return string(e) }

// deleteWhere removes the elements for which drop is true.
func deleteWhere[T any](list []T, drop func(T) bool) []T {
	out := list[:0]
	for _, v := range list {
		if !drop(v) {
			out = append(out, v)
		}
	}
	return out
}
