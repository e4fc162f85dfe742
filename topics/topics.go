// Package topics holds the vocabularies the union's work is tagged with:
// the themes of its spaces, the vulnerable groups its members serve, the
// rights of the UCLG Global Charter-Agenda for Human Rights in the City,
// and the UN Sustainable Development Goals. Spaces, needs,
// recommendations, practices and (later) indicators all use the same
// codes, so that a filter by "refugees" means the same everywhere.
//
// A code is stored as it is here and never renamed; its name in each
// language is the catalogue key Key returns.
package topics

import (
	"slices"
	"strconv"
)

// Kind is one of the vocabularies.
type Kind string

// The vocabularies.
const (
	Theme Kind = "theme"
	Group Kind = "group"
	Right Kind = "right"
	SDG   Kind = "sdg"
)

// Themes are what the spaces work on: the seed's platforms (migration,
// social services) and the themes DESIGN.md lists.
var Themes = []string{
	"migration", "migration_governance", "inclusion", "belonging", "cohesion",
	"demography", "social_policy", "social_assistance", "care", "psychosocial_support",
	"addiction", "gender_equality", "resilience", "education", "employment", "health", "housing",
}

// Groups are the vulnerable groups the seed names for the social
// services platform.
var Groups = []string{
	"children", "women", "older_people", "persons_with_disabilities", "youth", "people_in_poverty",
	"migrants", "refugees", "homeless_people", "carers", "chronically_ill",
}

// Rights are the chapters of the UCLG Global Charter-Agenda for Human
// Rights in the City (2011).
var Rights = []string{
	"right_to_the_city", "participatory_democracy", "civic_peace", "gender_equality",
	"children", "public_services", "freedom_of_expression", "housing", "water_and_food",
	"sustainable_development",
}

// SDGs are the 17 Sustainable Development Goals, "1" to "17".
var SDGs = func() []string {
	s := make([]string, 17)
	for i := range s {
		s[i] = strconv.Itoa(i + 1)
	}
	return s
}()

// Codes returns the codes of a vocabulary, in the order forms show them;
// nil for an unknown kind.
func Codes(k Kind) []string {
	switch k {
	case Theme:
		return Themes
	case Group:
		return Groups
	case Right:
		return Rights
	case SDG:
		return SDGs
	}
	return nil
}

// Valid reports whether code belongs to the vocabulary k.
func Valid(k Kind, code string) bool { return slices.Contains(Codes(k), code) }

// Key is the catalogue key of a code's name, e.g. "topics.group.refugees".
func Key(k Kind, code string) string { return "topics." + string(k) + "." + code }
