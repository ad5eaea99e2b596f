package profiles

import (
	"encoding/json"
	"testing"
)

func TestSchemaDescribesEveryProfileField(t *testing.T) {
	data, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(map[string]any)
	for _, key := range []string{"apiVersion", "kind", "metadata", "answers", "models", "cloud", "tenants", "identity", "devops", "environments", "solution", "options"} {
		if _, ok := props[key]; !ok {
			t.Errorf("schema lacks %q", key)
		}
	}
	env := props["environments"].(map[string]any)["additionalProperties"].(map[string]any)
	if env["additionalProperties"] != false {
		t.Error("environment entries must reject unknown keys")
	}
	models := props["models"].(map[string]any)["properties"].(map[string]any)
	if enum := models["devops"].(map[string]any)["enum"].([]any); len(enum) != 3 {
		t.Errorf("devops model enum = %v", enum)
	}
	answers := props["answers"].(map[string]any)["properties"].(map[string]any)
	if len(answers) != len(Questions) {
		t.Errorf("answers schema has %d questions, want %d", len(answers), len(Questions))
	}
}
