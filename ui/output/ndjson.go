package output

import (
	"encoding/json"
	"io"

	"almwiz/steps"
)

// NDJSONWriter writes the event stream for tools: a first line
// {"schemaVersion":1,"kind":"schema"}, then one JSON object per event.
type NDJSONWriter struct {
	enc     *json.Encoder
	started bool
}

// NDJSON returns a writer of newline-delimited JSON to w.
func NDJSON(w io.Writer) *NDJSONWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &NDJSONWriter{enc: enc}
}

type schemaLine struct {
	SchemaVersion int    `json:"schemaVersion"`
	Kind          string `json:"kind"`
}

// start writes the schema line once.
func (n *NDJSONWriter) start() error {
	if n.started {
		return nil
	}
	n.started = true
	return n.enc.Encode(schemaLine{SchemaVersion: steps.EventSchemaVersion, Kind: "schema"})
}

// Write writes one event as one line, after the schema line.
func (n *NDJSONWriter) Write(e steps.Event) error {
	if err := n.start(); err != nil {
		return err
	}
	return n.enc.Encode(e)
}
