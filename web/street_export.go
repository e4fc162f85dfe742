package web

import (
	"birlik"
	"encoding/csv"
	"net/http"
	"strconv"

	"birlik/seed"
	"birlik/streets"
)

// siteCSVHeader are the columns of the sites' CSV export: one row per
// site, its phase dates one column per phase, and the boundaries'
// licence notice in a column of its own (a comment line would trip up
// the CSV readers that know no comments).
func siteCSVHeader() []string {
	h := []string{"id", "name", "org_id", "municipality", "province_id", "province", "cycle", "intervention", "phase"}
	for _, p := range streets.Phases {
		h = append(h, "date_"+string(p))
	}
	return append(h, "area_m2", "centroid_lon", "centroid_lat", "url", "attribution")
}

// streetSitesExport writes every site the reader may read as CSV,
// filtered by ?cycle= and ?province=.
func (s *Server) streetSitesExport(w http.ResponseWriter, r *http.Request) error {
	sites, err := s.streets.ExportSites(r.Context(), streetFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	download(w, "streets-sites", "csv", "text/csv; charset=utf-8")
	// A byte-order mark, so that spreadsheets open the file as UTF-8.
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	cw := csv.NewWriter(w)
	cw.Write(siteCSVHeader())
	for _, site := range sites {
		p := exportProps(site)
		row := []string{strconv.FormatInt(site.ID, 10), birlik.CSVCell(site.Name), site.OrgID, birlik.CSVCell(site.OrgName), site.ProvinceID, birlik.CSVCell(site.ProvinceName),
			strconv.Itoa(site.CycleYear), string(site.Intervention), string(site.Phase)}
		for _, ph := range streets.Phases {
			row = append(row, site.PhaseDates[ph])
		}
		row = append(row, strconv.FormatFloat(p.AreaM2, 'f', 1, 64), strconv.FormatFloat(p.Centroid[0], 'f', 5, 64),
			strconv.FormatFloat(p.Centroid[1], 'f', 5, 64), p.URL, seed.Attribution)
		if err := cw.Write(row); err != nil {
			return s.downloaded(r, err)
		}
	}
	cw.Flush()
	return s.downloaded(r, cw.Error())
}
