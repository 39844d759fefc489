package submission

import (
	"math"
	"sync"
	"time"
)

// rateLimiter allows each client a number of accepted submissions per
// minute (a token bucket), and ten times as many attempts, so that a flood
// of invalid requests is refused too.
type rateLimiter struct {
	perMinute  float64
	maxClients int
	mu         sync.Mutex
	clients    map[string]*buckets
}

type buckets struct {
	accepted, attempts float64
	updated            time.Time
}

func newRateLimiter(perMinute, maxClients int) *rateLimiter {
	return &rateLimiter{perMinute: float64(perMinute), maxClients: maxClients, clients: map[string]*buckets{}}
}

func (l *rateLimiter) attemptCapacity() float64 { return max(20, 10*l.perMinute) }

// refill brings a client's buckets up to date and returns them.
func (l *rateLimiter) refill(client string, now time.Time) *buckets {
	b, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= l.maxClients {
			l.sweep(now)
		}
		b = &buckets{accepted: l.perMinute, attempts: l.attemptCapacity(), updated: now}
		if len(l.clients) < l.maxClients {
			l.clients[client] = b
		}
		return b
	}
	elapsed := now.Sub(b.updated).Minutes()
	b.accepted = min(l.perMinute, b.accepted+elapsed*l.perMinute)
	b.attempts = min(l.attemptCapacity(), b.attempts+elapsed*l.attemptCapacity())
	b.updated = now
	return b
}

// sweep forgets clients whose buckets are full again: they are the same as
// new ones, so memory stays bounded by recent clients.
func (l *rateLimiter) sweep(now time.Time) {
	for c, b := range l.clients {
		elapsed := now.Sub(b.updated).Minutes()
		if b.accepted+elapsed*l.perMinute >= l.perMinute && b.attempts+elapsed*l.attemptCapacity() >= l.attemptCapacity() {
			delete(l.clients, c)
		}
	}
}

// allow takes one attempt and reserves one accepted submission, and
// reports whether the client may send now; if not, it also says after how
// long. A reservation not used (the submission was invalid) is given back
// with refund, so concurrent requests can never exceed the allowance.
func (l *rateLimiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.clients) >= l.maxClients {
		if _, known := l.clients[client]; !known {
			l.sweep(now)
			if len(l.clients) >= l.maxClients {
				return false, time.Minute
			}
		}
	}
	b := l.refill(client, now)
	if b.attempts < 1 {
		return false, wait(1-b.attempts, l.attemptCapacity())
	}
	if b.accepted < 1 {
		return false, wait(1-b.accepted, l.perMinute)
	}
	b.attempts--
	b.accepted--
	return true, 0
}

// refund gives back the reservation of a submission that was not stored.
func (l *rateLimiter) refund(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(client, now)
	b.accepted = math.Min(l.perMinute, b.accepted+1)
}

// wait is how long refilling missing tokens at perMinute takes.
func wait(missing, perMinute float64) time.Duration {
	return time.Duration(missing / perMinute * float64(time.Minute))
}
