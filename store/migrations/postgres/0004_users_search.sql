-- Account search folds Turkish letters like the network's lists do
-- (locale.Fold of name and e-mail), so "izleyici" finds "Vedat İzleyici".
-- It is written with every account change; no installation predates it.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
