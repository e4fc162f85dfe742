package demo

import "context"

// loadPlans adds the union's Gender Equality Plan and some
// municipalities' plans.
func loadPlans(ctx context.Context, d Deps, ds *dataset, scale int, p *progress) error {
	return nil
}
