-- purpose: search reads an index instead of every building: each community, compound, building and person keeps the text search matches (as the search built it on each query) and its one- and two-character pieces, indexed, so a query costs the same at 10,000 communities as at 100

-- Pieces of a text (lower-cased): every character and every pair of neighbouring characters,
-- leaving out those with a space (a query word never holds one; the index drops repeats). Pairs
-- rather than trigrams because Chinese names are often two characters (福星, 香樟) and because
-- pg_trgm does not cut Chinese text into trigrams where the character classes are the C locale's.
-- A loop, because it is several times faster than a set-returning query per row on a bulk load.
CREATE FUNCTION search_grams(hay text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  t text := lower(hay);
  grams text[] := '{}';
  g text;
BEGIN
  FOR i IN 1..length(t) LOOP
    g := substr(t, i, 1);
    IF g <> ' ' THEN
      grams := grams || g;
    END IF;
    g := substr(t, i, 2);
    IF length(g) = 2 AND strpos(g, ' ') = 0 THEN
      grams := grams || g;
    END IF;
  END LOOP;
  RETURN grams;
END $$;

-- The pieces a hit must hold for each word that has to appear in it: a single character itself,
-- a longer word its pairs (all of them are among the pieces of any text containing the word).
CREATE FUNCTION search_query_grams(words text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT CASE WHEN length(t) = 1 THEN t ELSE substr(t, i, 2) END AS g
      FROM (SELECT lower(w) AS t FROM unnest(words) w) s, generate_series(1, greatest(length(t) - 1, 1)) i
     WHERE length(t) > 0) p
$$;

-- The text each kind of hit is matched against, as the search composed it before this table:
-- building numbers in one spelling (4栋, 4号楼 → 4幢), with the names of the places around it.
CREATE VIEW search_source AS
  SELECT 'community'::text AS kind, m.code, m.county_code, m.name || ' ' || m.code AS hay FROM community m
  UNION ALL
  SELECT 'compound', k.code, k.county_code, k.name || ' ' || m.name || ' ' || k.code
    FROM compound k JOIN community m ON m.code = k.community_code AND m.county_code = k.county_code
  UNION ALL
  SELECT 'building', b.code, b.county_code,
         regexp_replace(b.address || ' ' || b.name || ' ' || coalesce(k.name, ''), '([0-9]+)\s*(号楼|號樓|栋|棟|幢|座)', '\1幢', 'g')
           || ' ' || m.name || ' ' || b.code
    FROM building b JOIN community m ON m.code = b.community_code AND m.county_code = b.county_code
    LEFT JOIN compound k ON k.code = b.compound_code AND k.county_code = b.county_code
  UNION ALL
  SELECT 'person', p.id::text, p.county_code, p.name FROM person p;

CREATE TABLE search_entry (
  kind  text NOT NULL CHECK (kind IN ('community', 'compound', 'building', 'person')),
  code  text NOT NULL,
  -- distributed by county with the rows it describes (0024)
  county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
  hay   text NOT NULL,
  grams text[] NOT NULL,
  PRIMARY KEY (kind, code, county_code)
);
INSERT INTO search_entry (kind, code, county_code, hay, grams) SELECT kind, code, county_code, hay, search_grams(hay) FROM search_source;
CREATE INDEX search_entry_grams_idx ON search_entry USING gin (grams);

-- Rewrites the entries of `what` (community, compound or building) for `codes` from their rows,
-- removing those whose row is gone; an entry whose text is unchanged is not written again.
CREATE FUNCTION search_entry_refresh(what text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entry e WHERE e.kind = what AND e.code = ANY(codes)
     AND NOT EXISTS (SELECT 1 FROM search_source s WHERE s.kind = what AND s.code = e.code);
  INSERT INTO search_entry (kind, code, county_code, hay, grams)
  SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay) FROM search_source s
   WHERE s.kind = what AND s.code = ANY(codes)
     AND NOT EXISTS (SELECT 1 FROM search_entry x WHERE x.kind = s.kind AND x.code = s.code AND x.hay = s.hay)
  ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams;
END $$;

-- Statement triggers with transition tables, as for the community figures (0023): a bulk write
-- refreshes its rows' entries in one set-based pass. Renaming a community or compound refreshes
-- the entries that carry its name (its compounds and buildings).
CREATE FUNCTION search_entry_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  what text := TG_ARGV[0];
  codes text[];
  renamed text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_entry WHERE kind = what;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM search_entry_refresh(what, (SELECT array_agg(code) FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM search_entry_refresh(what, (SELECT array_agg(code) FROM old_rows));
  ELSE
    SELECT array_agg(code) INTO codes FROM (SELECT code FROM new_rows UNION SELECT code FROM old_rows) c;
    PERFORM search_entry_refresh(what, codes);
    IF what IN ('community', 'compound') THEN
      SELECT array_agg(n.code) INTO renamed FROM new_rows n JOIN old_rows o ON o.code = n.code WHERE n.name <> o.name;
    END IF;
    IF what = 'community' AND renamed IS NOT NULL THEN
      PERFORM search_entry_refresh('compound', (SELECT array_agg(code) FROM compound WHERE community_code = ANY(renamed)));
      PERFORM search_entry_refresh('building', (SELECT array_agg(code) FROM building WHERE community_code = ANY(renamed)));
    ELSIF what = 'compound' AND renamed IS NOT NULL THEN
      PERFORM search_entry_refresh('building', (SELECT array_agg(code) FROM building WHERE compound_code = ANY(renamed)));
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- People are found by name; their key is the id.
CREATE FUNCTION search_entry_apply_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_entry WHERE kind = 'person';
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(id) INTO ids FROM (SELECT id FROM new_rows UNION SELECT id FROM old_rows) c;
  END IF;
  DELETE FROM search_entry e WHERE e.kind = 'person' AND e.code = ANY(ids::text[])
     AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = e.code::bigint);
  INSERT INTO search_entry (kind, code, county_code, hay, grams)
  SELECT 'person', p.id::text, p.county_code, p.name, search_grams(p.name) FROM person p
   WHERE p.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM search_entry x WHERE x.kind = 'person' AND x.code = p.id::text AND x.hay = p.name)
  ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams;
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
  fn text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'compound', 'building', 'person'] LOOP
    fn := CASE WHEN t = 'person' THEN 'search_entry_apply_person()' ELSE format('search_entry_apply(%L)', t) END;
    EXECUTE format('CREATE TRIGGER search_entry_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %s', t, fn);
    EXECUTE format('CREATE TRIGGER search_entry_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %s', t, fn);
    EXECUTE format('CREATE TRIGGER search_entry_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %s', t, fn);
    EXECUTE format('CREATE TRIGGER search_entry_truncate AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION %s', t, fn);
  END LOOP;
END $$;
