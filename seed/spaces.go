package seed

import (
	"context"
	"fmt"

	"birlik"
	"birlik/spaces"
	"birlik/store"
)

// The slugs of the seed's spaces; other packages and tests name them.
const (
	MigrationPlatform      = "migration-platform"
	SocialServicesPlatform = "social-services-platform"
	CohesionCommittee      = "migration-cohesion-committee"
)

const spacesKey = "seeded_spaces"

// SeedSpaces returns the spaces of the seed's first programme, the
// Migration and Social Policy Centre: its two platforms and the council's
// Migration and Social Cohesion Committee, with their names and purposes
// in Turkish, English and French taken from the union's own text.
func SeedSpaces() []spaces.Space {
	return []spaces.Space{
		{
			Slug: MigrationPlatform, Kind: spaces.Platform, Visibility: spaces.Public,
			Name: map[string]string{"tr": "Göç Platformu", "en": "Migration Platform", "fr": "Plateforme Migration"},
			Purpose: map[string]string{
				"tr": "Yalnızca MBB üyesi belediyelerin mülteciler ve göçmenlerle göç yönetişimi, sosyal içerme ve kentsel aidiyet gibi alanlarda çalışan birimlerinin temsilcilerinden oluşur. " +
					"190'ı aşkın üye arasında koordinasyonu kolaylaştırır ve bilgi ve deneyim paylaşımının zeminini oluşturur; üye belediyelerin ihtiyaç ve taleplerini belirleyerek çözüm önerileri geliştirir; üyelerin kapasitesini güçlendirecek faaliyetler yürütür.",
				"en": "Made up solely of representatives of the departments of UMM's member municipalities that work with refugees and migrants in fields such as migration governance, social inclusion and belonging. " +
					"It facilitates coordination among UMM's more than 190 members and lays the ground for sharing information and experience; identifies the needs and requests of member municipalities and develops solution recommendations; and runs activities that build its members' capacities.",
				"fr": "Composée uniquement de représentants des départements des municipalités membres de l’UMM travaillant avec les réfugiés et les migrants dans des domaines tels que la gouvernance migratoire, l’inclusion sociale et le sentiment d’appartenance. " +
					"Elle facilite la coordination entre les plus de 190 membres de l’UMM et pose les bases du partage d’informations et d’expériences ; identifie les besoins et demandes des municipalités membres et développe des recommandations de solutions ; réalise des activités visant à soutenir le renforcement des capacités de ses membres.",
			},
			Themes: []string{"migration", "migration_governance", "inclusion", "belonging", "cohesion"},
			Groups: []string{"migrants", "refugees"},
		},
		{
			Slug: SocialServicesPlatform, Kind: spaces.Platform, Visibility: spaces.Public,
			Name: map[string]string{"tr": "Sosyal Hizmetler Platformu", "en": "Social Services Platform", "fr": "Plateforme Services Sociaux"},
			Purpose: map[string]string{
				"tr": "MBB üyesi belediyelerin sosyal politikalar, sosyal hizmetler, bakım, psikososyal destek, sosyal yardım ve bağımlılık alanlarında çalışan birimlerinin temsilcilerinden oluşur. " +
					"Çocuklar, kadınlar, yaşlılar, engelliler, gençler, yoksulluk içindeki kişiler, göçmenler, mülteciler, evsizler, bakım verenler, kronik hastalar ve sosyal dışlanma riski taşıyan diğer grupların ihtiyaçlarına yanıt verir. " +
					"Üyeler arasında koordinasyonu ve bilgi ve deneyim paylaşımını kolaylaştırır, üye belediyelerin ihtiyaç ve taleplerini belirleyerek çözüm önerileri geliştirir ve kapasite geliştirme faaliyetleri yürütür.",
				"en": "Made up of representatives of the departments of UMM's member municipalities that work in social policy, social services, care, psychosocial support, social assistance and addictions. " +
					"It responds to the needs of vulnerable groups: children, women, older people, persons with disabilities, young people, people in poverty, migrants, refugees, homeless people, carers, chronically ill people and other groups at risk of social exclusion. " +
					"It facilitates coordination and the sharing of information and experience among members, identifies the needs and requests of member municipalities and develops solution recommendations, and runs capacity-building activities.",
				"fr": "Composée de représentants des départements des municipalités membres de l’UMM travaillant dans les domaines des politiques sociales, des services sociaux, du soin, du soutien psychosocial, de l’assistance sociale et des addictions. " +
					"Elle répond aux besoins des groupes vulnérables, notamment les enfants, les femmes, les personnes âgées, les personnes en situation de handicap, les jeunes, les personnes en situation de pauvreté, les migrants, les réfugiés, les sans-abri, les aidants, les personnes atteintes de maladies chroniques et d’autres groupes à risque d’exclusion sociale. " +
					"Elle facilite la coordination et le partage d’informations et d’expériences entre les membres, identifie les besoins et demandes des municipalités membres et développe des recommandations de solutions, et réalise des activités de renforcement des capacités.",
			},
			Themes: []string{"social_policy", "social_assistance", "care", "psychosocial_support", "addiction"},
			Groups: []string{"children", "women", "older_people", "persons_with_disabilities", "youth", "people_in_poverty",
				"migrants", "refugees", "homeless_people", "carers", "chronically_ill"},
		},
		{
			// A committee of the union's council decides by a majority of
			// its members; the seed does not give its size, so the quorum
			// is the union's to correct on the space's edit page.
			Slug: CohesionCommittee, Kind: spaces.Committee, Visibility: spaces.Public, Quorum: 5,
			Name: map[string]string{"tr": "Göç ve Sosyal Uyum Komisyonu", "en": "Migration and Social Cohesion Committee", "fr": "Comité Migration et Cohésion Sociale"},
			Purpose: map[string]string{
				"tr": "MBB Meclisi bünyesinde kurulan ve Türkiye'de yerel düzeyde ilk olan Göç ve Sosyal Uyum Komisyonu, farklı kentlerden belediye başkanları ve belediye meclis üyelerinden oluşur. " +
					"Uzun vadeli politika yönlendirmesi sağlar ve haklara dayalı göç yönetişiminin siyasi sahiplenilmesini güçlendirir.",
				"en": "Set up within UMM's council, the first Migration and Social Cohesion Committee at local level in Türkiye is made up of mayors and municipal councillors from different cities. " +
					"It provides long-term policy guidance and strengthens political ownership of rights-based migration governance.",
				"fr": "Créé au sein du Conseil de l’UMM, le premier Comité Migration et Cohésion Sociale au niveau local en Turquie est composé de maires et d’élus municipaux de différentes villes. " +
					"Il fournit une orientation politique à long terme et renforce l’appropriation politique de la gouvernance migratoire fondée sur les droits.",
			},
			Themes: []string{"migration", "migration_governance", "belonging", "cohesion"},
			Groups: []string{"migrants", "refugees"},
		},
	}
}

// Spaces creates the seed's spaces once: a marker in the settings table
// records that it has, so a space the union renames or archives stays as
// it left it. It runs on databases seeded before spaces existed too. It
// reports whether it created them now.
func Spaces(ctx context.Context, db *store.DB) (bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = ?`, spacesKey).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	ctx = birlik.WithActor(ctx, birlik.SystemActor)
	svc := spaces.New(db)
	for _, sp := range SeedSpaces() {
		// A space with the slug made by hand before this seed ran is
		// left alone.
		if _, err := svc.BySlug(ctx, sp.Slug); err == nil {
			continue
		} else if birlik.ErrorCode(err) != birlik.ENOTFOUND {
			return false, err
		}
		if err := svc.Create(ctx, &sp); err != nil {
			return false, fmt.Errorf("seed space %s: %w", sp.Slug, err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, 'true')`, spacesKey); err != nil {
		return false, err
	}
	return true, nil
}
