package checkpoint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzLoadState(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seed", "*.json"))
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schemaVersion":1,"steps":{"a":null}}`))
	f.Add([]byte(`{"schemaVersion":1,"steps":{"":{"status":"done"}}}`))
	f.Add([]byte(`{"schemaVersion":1,"pendingSecrets":[{}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Parse(data)
		if err != nil {
			// What a person sees: the file, what is wrong, the backup.
			if msg := corrupt("testdata", err).Error(); !strings.Contains(msg, FileName) {
				t.Fatalf("corrupt error does not name the file: %q", msg)
			}
			return
		}
		if st == nil || st.Steps == nil {
			t.Fatal("nil state without an error")
		}
		// What loads must survive what a resume does with it.
		c := st.Clone()
		c.Step("x").Status = StatusDone
		for id := range st.Steps {
			st.Lookup(id)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("a loaded state no longer validates after a step is added: %v", err)
		}
	})
}
