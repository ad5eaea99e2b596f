package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// Files the sandbox keeps in DataDir.
const (
	stateFile  = "state.json"
	caKeyFile  = "ca-key.pem"
	tokenFile  = "token.key"
	stateFmtV1 = 1
)

// persistedState is state.json: each service's snapshot by service name.
type persistedState struct {
	Version  int                        `json:"version"`
	Services map[string]json.RawMessage `json:"services"`
}

// loadKeys reads the CA and token key from DataDir, or creates (and there
// saves) new ones, so a restarted sandbox keeps its certificate and tokens.
func (s *Server) loadKeys() error {
	dir := s.opts.DataDir
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("sandbox data dir: %w", err)
		}
	}
	ca, err := s.loadAuthority(dir)
	if err != nil {
		return err
	}
	s.ca = ca
	key, err := s.loadTokenKey(dir)
	if err != nil {
		return err
	}
	s.tokens = emulator.NewTokenIssuer(key, s.clock.Now)
	if dir != "" {
		if err := writeFileAtomic(filepath.Join(dir, tokenFile), s.tokens.Key(), 0o600); err != nil {
			return fmt.Errorf("save token key: %w", err)
		}
	}
	if err := s.writeCAFile(); err != nil {
		return err
	}
	return s.loadControlToken()
}

func (s *Server) loadAuthority(dir string) (*authority, error) {
	if dir != "" {
		certPEM, errC := os.ReadFile(filepath.Join(dir, "ca.pem"))
		keyPEM, errK := os.ReadFile(filepath.Join(dir, caKeyFile))
		if errC == nil && errK == nil {
			return parseAuthority(certPEM, keyPEM)
		}
	}
	ca, err := newAuthority(time.Now())
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if err := writeFileAtomic(filepath.Join(dir, caKeyFile), ca.keyPEM, 0o600); err != nil {
			return nil, fmt.Errorf("save CA key: %w", err)
		}
	}
	return ca, nil
}

func (s *Server) loadTokenKey(dir string) ([]byte, error) {
	if dir == "" {
		return nil, nil
	}
	key, err := os.ReadFile(filepath.Join(dir, tokenFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read token key: %w", err)
	}
	return key, nil
}

// restore loads state.json into the services, then starts the saver.
func (s *Server) restore() error {
	if s.opts.DataDir == "" {
		return nil
	}
	if err := s.restoreFile(filepath.Join(s.opts.DataDir, stateFile)); err != nil {
		return err
	}
	s.saver = newSaver(s.save)
	return nil
}

func (s *Server) restoreFile(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read sandbox state: %w", err)
	}
	var ps persistedState
	if err := json.Unmarshal(b, &ps); err != nil {
		return fmt.Errorf("read sandbox state %s: %w", path, err)
	}
	for _, svc := range s.services {
		if raw, ok := ps.Services[svc.Name()]; ok {
			if err := svc.Restore(raw); err != nil {
				return fmt.Errorf("restore %s: %w", svc.Name(), err)
			}
		}
	}
	return nil
}

// save writes every service's snapshot to state.json atomically.
func (s *Server) save() error {
	ps := persistedState{Version: stateFmtV1, Services: map[string]json.RawMessage{}}
	for _, svc := range s.services {
		b, err := svc.Snapshot()
		if err != nil {
			return fmt.Errorf("snapshot %s: %w", svc.Name(), err)
		}
		ps.Services[svc.Name()] = b
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return fmt.Errorf("encode sandbox state: %w", err)
	}
	return writeFileAtomic(filepath.Join(s.opts.DataDir, stateFile), b, 0o600)
}

// writeFileAtomic writes through a synced temporary file renamed into place,
// so a crash leaves the old file or the new one, never half of one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
