package web

import (
	"context"
	"strconv"
	"testing"

	"birlik"
	"birlik/publiclife"
	"birlik/store"
	"birlik/streets"
)

// The survey pages on the programme's fixture at demo scale 100 (about
// 3,000 sites and 60,000 surveys), through the real handler, for the
// public: a site's surveys, its before/after comparison and one of its
// protocol tables.
//
//	go test ./web -run '^$' -bench 'SurveyPages' -benchtime 200x

// BenchmarkSurveyPages reads the pages of the first published sites
// that have surveys before and after.
func BenchmarkSurveyPages(b *testing.B) {
	eachStreets(b, func(b *testing.B, db *store.DB) {
		e := newStreetsBenchEnv(b, db)
		ctx := birlik.WithActor(context.Background(), birlik.Actor{})
		sites, err := e.srv.streets.MapSites(ctx, streets.DashboardFilter{}, false)
		if err != nil {
			b.Fatal(err)
		}
		var paths []string
		for _, st := range sites {
			svs, err := e.srv.life.Surveys(ctx, st.ID)
			if err != nil {
				b.Fatal(err)
			}
			stages := map[publiclife.Stage]bool{}
			for _, sv := range svs {
				stages[sv.Stage] = true
			}
			if stages[publiclife.Before] && stages[publiclife.After] {
				id := "/streets/sites/" + strconv.FormatInt(st.ID, 10)
				paths = append(paths, id+"/surveys", id+"/compare", id+"/surveys/survey_data.csv")
			}
			if len(paths) >= 12 {
				break
			}
		}
		if len(paths) == 0 {
			b.Skip("no published site has surveys before and after")
		}
		benchPages(b, e, paths)
	})
}
