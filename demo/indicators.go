package demo

import "context"

// loadIndicators adds the indicator definitions and the values the
// member municipalities report.
func loadIndicators(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return nil
}
