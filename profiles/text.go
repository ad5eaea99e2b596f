package profiles

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
)

// checkText refuses, in every text of the profile (names, display names,
// URLs, descriptions, the keys of tenants and environments), what must
// never be there: a credential, or a control, bidirectional or invisible
// character, with which one name can display as another.
func (p *Profile) checkText(ps *problems) {
	walkText(reflect.ValueOf(p).Elem(), "", func(path, s string, multiline bool) string {
		if msg := textProblem(s, multiline); msg != "" {
			ps.add(path, "%s", msg)
		}
		return s
	})
}

// textProblem says what is wrong with s, or "".
func textProblem(s string, multiline bool) string {
	if looksSecret(s) {
		return "this looks like a secret, a token or a URL with credentials; a profile never holds secrets — remove it (almwiz signs in itself, creates the client secret and hands it straight to the service connections)"
	}
	for i, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if what := invisible(r); what != "" {
			return fmt.Sprintf("holds %s (U+%04X) at byte %d; it can make one name display as another — type the value again without it", what, r, i)
		}
	}
	return ""
}

// invisible names the kind of r when it is a control, bidirectional,
// invisible or private-use character, else "".
func invisible(r rune) string {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return "a bidirectional control character"
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x00AD, r == 0x180E,
		r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0, r == 0x2800, r >= 0x2061 && r <= 0x2064:
		return "an invisible character"
	case r == unicode.ReplacementChar:
		return "an invalid character (U+FFFD: the file is not UTF-8 there)"
	case unicode.IsControl(r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return "a control character"
	case unicode.Is(unicode.Cf, r):
		return "an invisible formatting character"
	case unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		return "a private-use character"
	}
	return ""
}

// walkText calls fn with the YAML path of every string in v (fields,
// list items, map keys and values, the keys of tenants and environments)
// and sets the string to what fn returns. multiline says the field is free
// text where a line break belongs (a description, a reason).
func walkText(v reflect.Value, path string, fn func(path, s string, multiline bool) string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, fn)
		}
	case reflect.String:
		if s := v.String(); s != "" {
			if out := fn(path, s, isFreeText(path)); out != s && v.CanSet() {
				v.SetString(out)
			}
		}
	case reflect.Struct:
		walkFields(v, path, fn)
	case reflect.Slice:
		walkSlice(v, path, fn)
	case reflect.Map:
		walkMap(v, path, fn)
	}
}

func walkFields(v reflect.Value, path string, fn func(string, string, bool) string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		walkText(v.Field(i), join(path, name), fn)
	}
}

func walkSlice(v reflect.Value, path string, fn func(string, string, bool) string) {
	_, isKeyed := v.Interface().(keyed)
	for i := 0; i < v.Len(); i++ {
		el := v.Index(i)
		if !isKeyed {
			walkText(el, fmt.Sprintf("%s[%d]", path, i), fn)
			continue
		}
		name := el.FieldByName("Name")
		key := join(path, name.String())
		walkText(name, key, fn) // the key is a name too
		walkText(el, key, fn)
	}
}

func walkMap(v reflect.Value, path string, fn func(string, string, bool) string) {
	iter := v.MapRange()
	for iter.Next() {
		k := iter.Key()
		if k.Kind() != reflect.String {
			continue
		}
		p := join(path, k.String())
		fn(p, k.String(), false)
		val := reflect.New(iter.Value().Type()).Elem()
		val.Set(iter.Value())
		walkText(val, p, fn)
		v.SetMapIndex(k, val)
	}
}

// isFreeText says the field at path is prose, where a line break belongs.
func isFreeText(path string) bool {
	return strings.HasSuffix(path, ".description") || strings.HasSuffix(path, ".reason")
}

// RedactProfile replaces every credential in p's texts with [REDACTED], so
// a profile built from an untrusted file (import-coe) can be written or
// shown; validation still refuses the field.
func RedactProfile(p *Profile) {
	walkText(reflect.ValueOf(p).Elem(), "", func(_, s string, _ bool) string {
		if looksSecret(s) {
			return RedactSecrets(s)
		}
		return s
	})
}

// SafeText escapes the characters of s that would display as something
// else (controls, bidirectional and invisible characters) and redacts
// credentials, for text quoted from an untrusted file.
func SafeText(s string) string {
	s = RedactSecrets(s)
	if strings.IndexFunc(s, func(r rune) bool { return invisible(r) != "" && r != '\n' }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r != '\n' && invisible(r) != "" {
			fmt.Fprintf(&b, `\u%04X`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
