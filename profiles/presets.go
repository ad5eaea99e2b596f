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

// NameFromDomain is a profile name for an installation in the tenant of
// domain: its first label made a usable name (contoso from
// contoso.onmicrosoft.com), or "" when nothing usable is left.
func NameFromDomain(domain string) string {
	label, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(domain)), ".")
	var b strings.Builder
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteRune('-')
		}
	}
	name := strings.TrimRight(b.String(), "-")
	if len(name) > 63 {
		name = strings.TrimRight(name[:63], "-")
	}
	if !profileName.MatchString(name) {
		return ""
	}
	return name
}

// NameForTenant is the name p should take when it still carries its
// preset's name but now installs into another tenant (the admin changed the
// domain): the new tenant's name, or "" to keep the one it has. The name
// is the state directory's, so two tenants must not share it.
func NameForTenant(p *Profile) string {
	preset, err := Preset(p.Metadata.Name)
	if err != nil {
		return "" // named by the admin
	}
	domain := func(p *Profile) string {
		for _, t := range p.Tenants {
			if t.Name == p.Identity.Tenant {
				return t.Domain
			}
		}
		return ""
	}
	if d := domain(p); !strings.EqualFold(d, domain(preset)) {
		return NameFromDomain(d)
	}
	return ""
}
