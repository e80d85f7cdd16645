-- purpose: writes that a Citus cluster can run as they run on one node, and cheaper: the map data's version is raised by the code that writes (server/src/db/map-data.ts), since a cluster runs a distributed table's triggers on the workers, which cannot reach the coordinator's counter; search entries cost bulk writes less (pieces cut by C string functions, new rows only added, a bulk writer may defer them and refresh once)

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'building', 'facility', 'setting', 'compound', 'grid_plan', 'grid_cell', 'cell_building'] LOOP
    EXECUTE format('DROP TRIGGER map_data_changed ON %I', t);
  END LOOP;
END $$;
DROP FUNCTION raise_map_data_version();

-- Cheaper search entries on bulk writes (with 0028's triggers 12,000 new buildings cost about 5×
-- their own insert). Three changes, none of which changes what a search finds:
--
-- 1. The pieces of a text come from C string functions instead of a PL/pgSQL loop: every
--    character, and the pairs starting at even and at odd positions. That is the loop's pieces
--    and a few more (pairs holding a space, an empty string); a query's pieces never hold a space
--    and are never empty (search_query_grams), so the extra ones are never asked for. A text
--    holding the delimiter U+0001 goes through the loop, so no pair is ever lost.
ALTER FUNCTION search_grams(text) RENAME TO search_grams_loop;
CREATE FUNCTION search_grams(hay text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN strpos(t, E'\x01') > 0 THEN search_grams_loop(t)
              ELSE string_to_array(t, NULL)
                || string_to_array(regexp_replace(t, '(..)', E'\\1\x01', 'g'), E'\x01')
                || string_to_array(regexp_replace(substr(t, 2), '(..)', E'\\1\x01', 'g'), E'\x01') END
    FROM (SELECT lower(hay) AS t) s
$$;

-- 2. New rows only add entries: the insert trigger skips looking for entries to remove and for
--    unchanged texts, which a fresh row cannot have.
CREATE FUNCTION search_entry_add(what text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entry (kind, code, county_code, hay, grams)
  SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay) FROM search_source s
   WHERE s.kind = what AND s.code = ANY(codes)
  ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams;
END $$;

CREATE FUNCTION search_entry_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_entry_add(TG_ARGV[0], (SELECT array_agg(code) FROM new_rows));
  RETURN NULL;
END $$;

-- 3. A bulk writer may defer the entries of its transaction (gridplan.search_entries = 'deferred',
--    set for the transaction only) and refresh them once, set-based, for every row it wrote
--    (server/src/db/search.ts: deferSearchEntries, refreshSearchEntries): the triggers' WHEN
--    skips them meanwhile. People's entries are never deferred; TRUNCATE always clears.
DO $$
DECLARE
  t text;
  kept text := $w$current_setting('gridplan.search_entries', true) IS DISTINCT FROM 'deferred'$w$;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'compound', 'building'] LOOP
    EXECUTE format('DROP TRIGGER search_entry_insert ON %1$I; DROP TRIGGER search_entry_delete ON %1$I;
                    DROP TRIGGER search_entry_update ON %1$I', t);
    EXECUTE format('CREATE TRIGGER search_entry_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT WHEN (%2$s) EXECUTE FUNCTION search_entry_apply_insert(%1$L)', t, kept);
    EXECUTE format('CREATE TRIGGER search_entry_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT WHEN (%2$s) EXECUTE FUNCTION search_entry_apply(%1$L)', t, kept);
    EXECUTE format('CREATE TRIGGER search_entry_update AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT WHEN (%2$s) EXECUTE FUNCTION search_entry_apply(%1$L)', t, kept);
  END LOOP;
END $$;
