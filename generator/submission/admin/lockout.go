package admin

import (
	"sync"
	"time"
)

// The sign-in lockout: each client may fail perClient times in window,
// and all of them together global times, before sign-in is refused with
// a 429 until the oldest failure is out of the window. A correct
// password clears its client's failures. The counts are this process's:
// processes sharing an inbox each keep their own.
const (
	lockoutWindow    = 15 * time.Minute
	lockoutPerClient = 5
	lockoutGlobal    = 100
	maxTrackedIPs    = 10_000
)

type lockout struct {
	mu      sync.Mutex
	clients map[string][]time.Time
	all     []time.Time
}

func newLockout() *lockout { return &lockout{clients: map[string][]time.Time{}} }

// recent drops the failures that are out of the window.
func recent(times []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(times) && now.Sub(times[i]) >= lockoutWindow {
		i++
	}
	return times[i:]
}

// blocked reports whether a client may not try now, and for how long.
func (l *lockout) blocked(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = recent(l.all, now)
	mine := recent(l.clients[client], now)
	if len(mine) == 0 {
		delete(l.clients, client)
	} else {
		l.clients[client] = mine
	}
	switch {
	case len(mine) >= lockoutPerClient:
		return true, lockoutWindow - now.Sub(mine[0])
	case len(l.all) >= lockoutGlobal:
		return true, lockoutWindow - now.Sub(l.all[0])
	}
	return false, 0
}

// fail records a wrong password.
func (l *lockout) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, now)
	if len(l.all) > 2*lockoutGlobal {
		l.all = l.all[len(l.all)-lockoutGlobal:]
	}
	if _, ok := l.clients[client]; !ok && len(l.clients) >= maxTrackedIPs {
		// Too many to track one by one: the global cap still holds.
		return
	}
	mine := append(l.clients[client], now)
	if len(mine) > 2*lockoutPerClient {
		mine = mine[len(mine)-lockoutPerClient:]
	}
	l.clients[client] = mine
}

// succeed clears a client's failures.
func (l *lockout) succeed(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.clients, client)
}
