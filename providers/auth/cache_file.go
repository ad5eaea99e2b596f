package auth

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
)

// fileCache keeps MSAL's token cache for one cloud, authority host and
// tenant in a file only its owner can read: it holds refresh tokens.
type fileCache struct{ path string }

// Replace loads the file into MSAL's cache; a missing file is an empty cache.
func (f fileCache) Replace(_ context.Context, u cache.Unmarshaler, _ cache.ReplaceHints) error {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the token cache: %w", err)
	}
	return u.Unmarshal(b)
}

// Export writes MSAL's cache atomically: a crash leaves the old file or the
// new one, never half of one.
func (f fileCache) Export(_ context.Context, m cache.Marshaler, _ cache.ExportHints) error {
	b, err := m.Marshal()
	if err != nil {
		return fmt.Errorf("encode the token cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("create the token cache directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".msal-*.tmp")
	if err != nil {
		return fmt.Errorf("write the token cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeAndClose(tmp, b); err != nil {
		return fmt.Errorf("write the token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return fmt.Errorf("replace the token cache: %w", err)
	}
	return nil
}

func writeAndClose(f *os.File, b []byte) error {
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// cacheFileName names the cache of one cloud, authority host and tenant, so
// a sandbox and a real cloud, or two tenants, never share tokens.
func cacheFileName(cloudName, authority, tenant string) string {
	host := authority
	if u, err := url.Parse(authority); err == nil && u.Host != "" {
		host = u.Host
	}
	return "msal-" + safeName(cloudName) + "-" + safeName(host) + "-" + safeName(tenant) + ".json"
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return '_'
	}, s)
}
