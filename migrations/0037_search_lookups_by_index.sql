-- The search functions look entries, pieces and their sources up by a list of codes. Planned
-- without statistics of the rows a long transaction has written itself (a town's first large
-- import, a demo load), PostgreSQL read whole tables instead and compared every row with every
-- code of the list: a 10,000-community demo load spent over eight minutes on one statement of
-- 5,000 buildings. Looked up by their indexes, the cost follows the list, not the table.
ALTER FUNCTION search_entry_add(text, text[]) SET enable_seqscan = off;
ALTER FUNCTION search_entry_refresh(text, text[]) SET enable_seqscan = off;
ALTER FUNCTION search_piece_add(text, text[]) SET enable_seqscan = off;
ALTER FUNCTION search_piece_drop(text, text[]) SET enable_seqscan = off;
-- people's entries, kept by their own statement trigger
ALTER FUNCTION search_entry_apply_person() SET enable_seqscan = off;
