-- purpose: a search for a word found all over the town (1幢, a street name) stops at its first page instead of reading every entry that holds it: the pairs of characters of each community's, compound's and building's entry, indexed together with the hit's place in the answer, so a query walks the entries of its rarest pair in answer order

-- The length of the label a hit shows (server/src/db/search.ts ranks by it after the kind), kept
-- with each entry so that its pieces can carry it. A view may only gain columns at its end.
CREATE OR REPLACE VIEW search_source AS
  SELECT 'community'::text AS kind, m.code, m.county_code, m.name || ' ' || m.code AS hay,
         length(m.name || ' · ' || m.code) AS label_length FROM community m
  UNION ALL
  SELECT 'compound', k.code, k.county_code, k.name || ' ' || m.name || ' ' || k.code, length(k.name || ' · ' || m.name)
    FROM compound k JOIN community m ON m.code = k.community_code AND m.county_code = k.county_code
  UNION ALL
  SELECT 'building', b.code, b.county_code,
         regexp_replace(b.address || ' ' || b.name || ' ' || coalesce(k.name, ''), '([0-9]+)\s*(号楼|號樓|栋|棟|幢|座)', '\1幢', 'g')
           || ' ' || m.name || ' ' || b.code,
         length(b.address || ' · ' || b.code)
    FROM building b JOIN community m ON m.code = b.community_code AND m.county_code = b.county_code
    LEFT JOIN compound k ON k.code = b.compound_code AND k.county_code = b.county_code
  UNION ALL
  SELECT 'person', p.id::text, p.county_code, p.name, NULL FROM person p;

-- Filled with the GIN index set aside: updating every entry would rewrite its pieces there too.
DROP INDEX search_entry_grams_idx;
ALTER TABLE search_entry ADD COLUMN label_length integer;
UPDATE search_entry e SET label_length = s.label_length FROM search_source s
 WHERE e.kind <> 'person' AND s.kind = e.kind AND s.code = e.code AND s.county_code = e.county_code;
CREATE INDEX search_entry_grams_idx ON search_entry USING gin (grams);

-- The pieces kept in rank order: the entry's distinct pairs, leaving out pairs of two digits (a
-- code's or house number's digits, 40 % of all pairs; a query of digits alone reads the GIN
-- index as before). People are left out: their label carries their community's name, which
-- their entry does not, and they come last in an answer, after a page of places fills it.
CREATE FUNCTION search_rank_pieces(grams text[]) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT g FROM unnest(grams) g WHERE length(g) = 2 AND strpos(g, ' ') = 0 AND g !~ '^[0-9]{2}$'
$$;

CREATE TABLE search_piece (
  piece        text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('community', 'compound', 'building')),
  label_length integer NOT NULL,
  code         text NOT NULL,
  -- distributed by county with the entry it belongs to
  county_code  text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
  -- a query reads one piece of one kind in answer order: label length, then code
  PRIMARY KEY (piece, kind, label_length, code, county_code)
);
INSERT INTO search_piece (piece, kind, label_length, code, county_code)
SELECT g, e.kind, e.label_length, e.code, e.county_code FROM search_entry e, search_rank_pieces(e.grams) g WHERE e.kind <> 'person';

-- The pieces of the `what` entries of `codes` as the entries hold them now: removed (before the
-- entries change) and added (after).
CREATE FUNCTION search_piece_drop(what text, codes text[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_piece p USING search_entry e, search_rank_pieces(e.grams) g
   WHERE e.kind = what AND e.code = ANY(codes) AND p.piece = g AND p.kind = e.kind
     AND p.label_length = e.label_length AND p.code = e.code AND p.county_code = e.county_code
$$;

CREATE FUNCTION search_piece_add(what text, codes text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO search_piece (piece, kind, label_length, code, county_code)
  SELECT g, e.kind, e.label_length, e.code, e.county_code FROM search_entry e, search_rank_pieces(e.grams) g
   WHERE e.kind = what AND e.code = ANY(codes)
$$;

-- 0033's add and 0028's refresh, keeping the pieces with the entries (people have none).
CREATE OR REPLACE FUNCTION search_entry_add(what text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF what <> 'person' THEN
    PERFORM search_piece_drop(what, codes);
  END IF;
  INSERT INTO search_entry (kind, code, county_code, hay, grams, label_length)
  SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay), s.label_length FROM search_source s
   WHERE s.kind = what AND s.code = ANY(codes)
  ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams, label_length = EXCLUDED.label_length;
  IF what <> 'person' THEN
    PERFORM search_piece_add(what, codes);
  END IF;
END $$;

-- An entry's label length follows from its text (names and code, or address and code), so an
-- entry whose text is unchanged keeps its pieces.
CREATE OR REPLACE FUNCTION search_entry_refresh(what text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  stale text[];
  written text[];
BEGIN
  SELECT array_agg(e.code) INTO stale FROM search_entry e
   WHERE e.kind = what AND e.code = ANY(codes)
     AND NOT EXISTS (SELECT 1 FROM search_source s
                      WHERE s.kind = what AND s.code = e.code AND s.county_code = e.county_code AND s.hay = e.hay);
  PERFORM search_piece_drop(what, stale);
  DELETE FROM search_entry e WHERE e.kind = what AND e.code = ANY(stale)
     AND NOT EXISTS (SELECT 1 FROM search_source s WHERE s.kind = what AND s.code = e.code AND s.county_code = e.county_code);
  WITH w AS (
    INSERT INTO search_entry (kind, code, county_code, hay, grams, label_length)
    SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay), s.label_length FROM search_source s
     WHERE s.kind = what AND s.code = ANY(codes)
       AND NOT EXISTS (SELECT 1 FROM search_entry x WHERE x.kind = s.kind AND x.code = s.code AND x.county_code = s.county_code AND x.hay = s.hay)
    ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams, label_length = EXCLUDED.label_length
    RETURNING code)
  SELECT array_agg(code) INTO written FROM w;
  PERFORM search_piece_add(what, written);
END $$;

-- A truncated table's entries go with 0028's trigger, their pieces with this one.
CREATE FUNCTION search_piece_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_piece WHERE kind = TG_ARGV[0];
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'compound', 'building'] LOOP
    EXECUTE format('CREATE TRIGGER search_piece_truncate AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION search_piece_truncate(%1$L)', t);
  END LOOP;
END $$;
