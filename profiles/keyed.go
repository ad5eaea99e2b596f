package profiles

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Tenants are written as a YAML mapping from a tenant's short name to its
// fields, in the order the file gives them.
type Tenants []Tenant

// Environments are written as a YAML mapping from an environment's short
// name to its fields, in the order the file gives them.
type Environments []Environment

func (Tenants) keyedElem() any      { return Tenant{} }
func (Environments) keyedElem() any { return Environment{} }

// keyed marks the list types written as mappings keyed by name.
type keyed interface{ keyedElem() any }

// UnmarshalYAML reads the mapping form.
func (t *Tenants) UnmarshalYAML(n *yaml.Node) error {
	return decodeKeyed(n, func(name string, v *yaml.Node) error {
		var x Tenant
		err := v.Decode(&x)
		x.Name = name
		*t = append(*t, x)
		return err
	})
}

// MarshalYAML writes the mapping form.
func (t Tenants) MarshalYAML() (any, error) {
	return encodeKeyed(len(t), func(i int) (string, any) { return t[i].Name, t[i] })
}

// UnmarshalYAML reads the mapping form.
func (e *Environments) UnmarshalYAML(n *yaml.Node) error {
	return decodeKeyed(n, func(name string, v *yaml.Node) error {
		var x Environment
		err := v.Decode(&x)
		x.Name = name
		*e = append(*e, x)
		return err
	})
}

// MarshalYAML writes the mapping form.
func (e Environments) MarshalYAML() (any, error) {
	return encodeKeyed(len(e), func(i int) (string, any) { return e[i].Name, e[i] })
}

// Find returns the tenant named name.
func (t Tenants) Find(name string) (Tenant, bool) {
	for _, x := range t {
		if x.Name == name {
			return x, true
		}
	}
	return Tenant{}, false
}

// Find returns the environment named name.
func (e Environments) Find(name string) (Environment, bool) {
	for _, x := range e {
		if x.Name == name {
			return x, true
		}
	}
	return Environment{}, false
}

func decodeKeyed(n *yaml.Node, each func(string, *yaml.Node) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping of names to entries", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if err := each(n.Content[i].Value, n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func encodeKeyed(count int, at func(int) (string, any)) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < count; i++ {
		name, v := at(i)
		var val yaml.Node
		if err := val.Encode(v); err != nil {
			return nil, err
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: name}, &val)
	}
	return m, nil
}
