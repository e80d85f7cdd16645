-- A building's pieces are added with its entry. Where an entry is added again while pieces of it
-- are still held (its entry removed by hand, or the entries healed at start-up after a stop
-- between an import's commit and its entries), the pieces already there are kept instead of
-- failing the whole statement on the piece table's key.
CREATE OR REPLACE FUNCTION search_piece_add(what text, codes text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO search_piece (piece, kind, label_length, code, county_code)
  SELECT g, e.kind, e.label_length, e.code, e.county_code FROM search_entry e, search_rank_pieces(e.grams) g
   WHERE e.kind = what AND e.code = ANY(codes)
  ON CONFLICT (piece, kind, label_length, code, county_code) DO NOTHING
$$;
