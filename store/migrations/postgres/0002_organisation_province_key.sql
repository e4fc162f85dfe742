-- province_key is the Turkish collation key of the organisation's province
-- name (a copy of places.sort_key), so that a list sorted by province walks
-- an index instead of joining places and sorting every organisation.
-- Organisations in no province get '\xFFFFFFFF', which sorts after the key
-- of any name. The network package keeps the copy in step when a province
-- is renamed.
ALTER TABLE organisations ADD COLUMN province_key BYTEA NOT NULL DEFAULT '\xFFFFFFFF'::bytea;
UPDATE organisations SET province_key = (SELECT p.sort_key FROM places p WHERE p.id = organisations.province_id)
WHERE province_id IS NOT NULL;
CREATE INDEX organisations_province_key ON organisations (province_key, sort_key);
