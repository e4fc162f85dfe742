-- Gender Equality Plans: plans, versions, objectives, measures, indicators, reports, reviews.
SELECT 1;
