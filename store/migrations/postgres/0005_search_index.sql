-- Lists and search at scale (200,000 people, 20,000 organisations).
-- Substring search over organisations and people uses trigram GIN indexes
-- (pg_trgm), which answer `search_text LIKE '%…%'` for queries of three
-- characters or more without reading every row. pg_trgm is a trusted
-- extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organisations_search_trgm ON organisations USING gin (search_text gin_trgm_ops);
CREATE INDEX people_search_trgm ON people USING gin (search_text gin_trgm_ops);
-- Planner statistics for the bulk-loaded tables.
ANALYZE organisations;
ANALYZE people;
ANALYZE affiliations;
