package demo

import "context"

// loadSurveys adds public-life counts before and after the street sites'
// transformations.
func loadSurveys(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return nil
}
