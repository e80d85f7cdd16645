-- purpose: a published cell's label is its number, 第N网格 for code …00N, so a draft copied from it
-- keeps label, code and colour; plans published before labels were numbers kept letter labels
UPDATE grid_cell
   SET label = '第' || (right(code, 3)::int)::text || '网格'
 WHERE code IS NOT NULL
   AND right(code, 3)::int > 0
   AND label !~ '^第[1-9][0-9]*网格$';
