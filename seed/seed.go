// Package seed loads what a fresh Birlik needs before anyone signs in: the
// union itself, the Marmara region with its 11 provinces (and their
// boundaries) and their districts, and the region's 206 municipalities,
// from data shipped inside the binary. It runs once: a marker in the
// settings table records that it has, so restarts keep every change.
package seed

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/network"
	"birlik/store"
)

// Attribution is the notice the licence of the boundaries (ODbL) asks for
// wherever they are shown or exported.
const Attribution = "© OpenStreetMap contributors, ODbL"

//go:embed marmara/municipalities-marmara.csv
var municipalitiesCSV []byte

//go:embed marmara/marmara-provinces.geojson
var provincesGeoJSON []byte

// Notice is the full licence notice of the shipped data.
//
//go:embed marmara/NOTICE
var Notice string

// The union itself.
const (
	UnionID   = "umm"
	RegionID  = "marmara"
	seededKey = "seeded_base"
)

// Seeded reports whether the base data has been loaded.
func Seeded(ctx context.Context, db store.Querier) (bool, error) {
	var v string
	err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, seededKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Base loads the places and organisations once. It returns false when the
// database was already seeded, true when it seeded now.
//
// Each call also creates the seed's spaces (Spaces) when they never were,
// so that databases seeded before spaces existed get them on their next
// start.
func Base(ctx context.Context, db *store.DB, net *network.Service) (bool, error) {
	fresh, err := base(ctx, db, net)
	if err != nil {
		return false, err
	}
	if _, err := Spaces(ctx, db); err != nil {
		return false, err
	}
	return fresh, nil
}

func base(ctx context.Context, db *store.DB, net *network.Service) (bool, error) {
	done, err := Seeded(ctx, db)
	if err != nil || done {
		return false, err
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	places, err := Places()
	if err != nil {
		return false, err
	}
	if err := net.SavePlaces(ctx, places); err != nil {
		return false, fmt.Errorf("seed places: %w", err)
	}
	orgs, err := Organisations()
	if err != nil {
		return false, err
	}
	if _, _, err := net.SaveOrganisations(ctx, orgs, nil); err != nil {
		return false, fmt.Errorf("seed organisations: %w", err)
	}
	// The marker goes last: a seed interrupted half-way runs again, and the
	// saves above are idempotent upserts.
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, 'true')`, seededKey); err != nil {
		return false, err
	}
	return true, nil
}

// municipality is one row of the shipped CSV.
type municipality struct {
	ID, Name, Kind, Province, Plate, District, ParentID string
	Population                                          *int64
}

func municipalities() ([]municipality, error) {
	r := csv.NewReader(bytes.NewReader(municipalitiesCSV))
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	want := "id,name,kind,province,plate,district,parent_id,population"
	if strings.Join(header, ",") != want {
		return nil, fmt.Errorf("seed: municipalities header %v, want %s", header, want)
	}
	var out []municipality
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		m := municipality{ID: rec[0], Name: rec[1], Kind: rec[2], Province: rec[3], Plate: rec[4], District: rec[5], ParentID: rec[6]}
		if rec[7] != "" {
			n, err := strconv.ParseInt(rec[7], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("seed: %s: population %q", m.ID, rec[7])
			}
			m.Population = &n
		}
		out = append(out, m)
	}
	return out, nil
}

func provinceID(name string) string { return locale.Slug(name) }

func districtID(province, district string) string {
	return provinceID(province) + "-" + locale.Slug(district)
}

// Places returns the region, its provinces with their boundaries and
// codes, and the districts the municipalities serve, parents first.
// Populations are summed from the municipalities that serve each place.
func Places() ([]network.Place, error) {
	ms, err := municipalities()
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Name  string `json:"name"`
				Plate int    `json:"plate"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(provincesGeoJSON, &fc); err != nil {
		return nil, fmt.Errorf("seed: provinces: %w", err)
	}
	// Population of a district: its district (or provincial, for Merkez)
	// municipality; of a province: the sum of its districts. Beldes are
	// inside their district's figure already.
	distPop := map[string]int64{}
	for _, m := range ms {
		if (m.Kind == "district" || m.Kind == "provincial") && m.Population != nil {
			distPop[districtID(m.Province, m.District)] += *m.Population
		}
	}
	provPop := map[string]int64{}
	for id, n := range distPop {
		for _, m := range ms {
			if districtID(m.Province, m.District) == id {
				provPop[provinceID(m.Province)] += n
				break
			}
		}
	}
	var regionPop int64
	for _, n := range provPop {
		regionPop += n
	}
	places := []network.Place{{ID: RegionID, Kind: network.Region, Name: "Marmara", Population: &regionPop}}
	for _, f := range fc.Features {
		id := provinceID(f.Properties.Name)
		pop := provPop[id]
		places = append(places, network.Place{
			ID: id, Kind: network.Province, ParentID: RegionID, Name: f.Properties.Name,
			Code: strconv.Itoa(f.Properties.Plate), Population: &pop, Boundary: []byte(f.Geometry),
		})
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if m.District == "" {
			continue
		}
		id := districtID(m.Province, m.District)
		if seen[id] {
			continue
		}
		seen[id] = true
		p := network.Place{ID: id, Kind: network.District, ParentID: provinceID(m.Province), Name: m.District}
		if n, ok := distPop[id]; ok {
			p.Population = &n
		}
		places = append(places, p)
	}
	return places, nil
}

// Organisations returns the union and the region's municipalities, parents
// before children. Membership is left unrecorded: which municipalities are
// members is the union's to maintain, not a fact of the shipped data.
func Organisations() ([]network.Organisation, error) {
	ms, err := municipalities()
	if err != nil {
		return nil, err
	}
	orgs := []network.Organisation{{
		ID: UnionID, Kind: network.Union, Name: "Marmara Belediyeler Birliği", ShortName: "MBB",
		PlaceID: RegionID, Website: "https://www.marmara.gov.tr", MemberStatus: network.NotMember,
	}}
	rank := map[string]int{"metropolitan": 0, "provincial": 1, "district": 2, "belde": 3}
	for r := 0; r < 4; r++ {
		for _, m := range ms {
			if rank[m.Kind] != r {
				continue
			}
			o := network.Organisation{
				ID: m.ID, Kind: network.Municipality, MunicipalityKind: network.MunicipalityKind(m.Kind),
				Name: m.Name, ParentID: m.ParentID, Population: m.Population, MemberStatus: network.NotMember,
			}
			switch m.Kind {
			case "metropolitan":
				o.PlaceID = provinceID(m.Province)
			default:
				o.PlaceID = districtID(m.Province, m.District)
			}
			orgs = append(orgs, o)
		}
	}
	return orgs, nil
}
