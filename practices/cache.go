package practices

import (
	"context"
	"strings"
	"sync"
)

// Matches are cached between changes to the library. Reading every match
// of a common word costs a millisecond or two on SQLite but tens on
// PostgreSQL, whose GIN index must visit the table for each match to
// check it is visible; the library changes a few times a day and the same
// searches come back all the time (the library's front page is the
// search without words), so each answer is kept until the catalog sees
// a change. Keys hold the query's terms and the scope tokens, so an
// answer is only ever given to actors who may read the same spaces.
type matchCache struct {
	mu      sync.Mutex
	gen     uint64 // the catalog generation the entries belong to
	entries map[string][]Match
}

// maxCached is how many answers the cache keeps; past that it starts
// again empty.
const maxCached = 512

func cacheKey(terms [][]string, scope []string) string {
	var b strings.Builder
	for _, alts := range terms {
		b.WriteString(strings.Join(alts, "|"))
		b.WriteByte('&')
	}
	b.WriteByte('#')
	b.WriteString(strings.Join(scope, "|"))
	return b.String()
}

func (c *matchCache) get(gen uint64, key string) ([]Match, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	m, ok := c.entries[key]
	return m, ok
}

func (c *matchCache) put(gen uint64, key string, m []Match) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.entries == nil || len(c.entries) >= maxCached {
		c.gen, c.entries = gen, map[string][]Match{}
	}
	c.entries[key] = m
}

// ForgetMatches empties the cache of matches: the next searches read
// the index again. Benchmarks use it to measure searches nobody made
// before.
func (s *Service) ForgetMatches() {
	s.cache.mu.Lock()
	s.cache.entries = nil
	s.cache.mu.Unlock()
}

// match returns the matches of terms in scope, from the cache when the
// library has not changed since they were read.
func (s *Service) match(ctx context.Context, terms [][]string, scope []string) ([]Match, error) {
	gen, err := s.cat.generation(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	key := cacheKey(terms, scope)
	if m, ok := s.cache.get(gen, key); ok {
		return m, nil
	}
	m, err := s.Index.Match(ctx, terms, scope)
	if err != nil {
		return nil, err
	}
	s.cache.put(gen, key, m)
	return m, nil
}

func matchIDs(ms []Match) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// titles returns the ids of the practices of scope whose titles hold
// term, from the cache when the library has not changed.
func (s *Service) titles(ctx context.Context, term string, scope []string) ([]int64, error) {
	gen, err := s.cat.generation(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	key := "title:" + cacheKey([][]string{{term}}, scope)
	if m, ok := s.cache.get(gen, key); ok {
		return matchIDs(m), nil
	}
	ids, err := s.Index.Titles(ctx, term, scope)
	if err != nil {
		return nil, err
	}
	s.cache.put(gen, key, toMatches(ids, nil))
	return ids, nil
}
