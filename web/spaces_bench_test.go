package web

import (
	"testing"

	"birlik/demo/demotest"
	"birlik/seed"
	"birlik/store"
)

// The spaces' page-time targets on the scale-100 demo database (about
// 200,000 needs and 100,000 practices), through the real handler, signed
// in as the demo coordinator (see bench_test.go). BenchmarkSpacePage is
// in spaces_test.go.

// BenchmarkNeedsDashboardPage is the needs dashboard: counts and response
// times by status, theme and month, union-wide and for each seed space.
// Target: p95 under 50 ms.
func BenchmarkNeedsDashboardPage(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		benchPages(b, newBenchEnv(b, db), []string{
			"/needs/dashboard",
			"/spaces/" + seed.MigrationPlatform + "/needs/dashboard",
			"/spaces/" + seed.SocialServicesPlatform + "/needs/dashboard",
		})
	})
}

// BenchmarkPracticeSearchPage is the practices library searched with
// Turkish words, suffixes and all, and with facets chosen. Target: p95
// under 30 ms.
func BenchmarkPracticeSearchPage(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		benchPages(b, newBenchEnv(b, db), []string{
			"/practices?q=g%C3%B6%C3%A7menlere",
			"/practices?q=%C3%A7ocuklar+i%C3%A7in",
			"/practices?q=kad%C4%B1n+istihdam%C4%B1&group=women",
			"/practices?q=ya%C5%9Fl%C4%B1lara+evde+bak%C4%B1m",
			"/practices?q=engelli&theme=inclusion",
			"/practices?q=refugees",
		})
	})
}
