package sandbox

import (
	"sync/atomic"
	"time"
)

// clock is the sandbox's time: the wall clock plus an offset tests can advance.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
