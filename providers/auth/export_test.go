package auth

import "time"

// SetClock replaces the clock sources use to decide when to refresh.
func SetClock(s *Signer, now func() time.Time) { s.now = now }

// ScopeFor exposes scopeFor to the tests.
var ScopeFor = scopeFor

// CacheFileName exposes cacheFileName to the tests.
var CacheFileName = cacheFileName
