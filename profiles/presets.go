package profiles

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed presets/*.yaml
var presetFiles embed.FS

// PresetNames lists the presets embedded in the binary.
func PresetNames() []string {
	entries, _ := presetFiles.ReadDir("presets")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// PresetSource returns a preset's YAML, comments included.
func PresetSource(name string) ([]byte, error) {
	data, err := presetFiles.ReadFile("presets/" + name + ".yaml")
	if err != nil {
		return nil, &InvalidError{Source: "--preset", Problems: []Problem{{
			Path:    "preset",
			Message: fmt.Sprintf("%q is not a preset — choose %s", name, strings.Join(PresetNames(), ", ")),
		}}}
	}
	return data, nil
}

// Preset loads a preset profile.
func Preset(name string) (*Profile, error) {
	data, err := PresetSource(name)
	if err != nil {
		return nil, err
	}
	return Load(data, "preset "+name)
}
