package cli

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as indented JSON, the form of every --output json.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
