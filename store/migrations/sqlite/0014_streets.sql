-- Reclaiming Streets: cycles, participants, street sites, photos, targets.
-- (written by the streets package; see streets/streets.go)
SELECT 1;
