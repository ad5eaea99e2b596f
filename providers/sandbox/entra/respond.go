package entra

import (
	"encoding/json"
	"net/http"
)

// writeJSON answers with v as JSON, the way Microsoft's services label it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
