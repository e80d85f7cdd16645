-- purpose: a cell label is its number (第N网格 for code …00N), so a draft copied from a published plan
-- keeps label, code and colour (plans published with letter labels get theirs); and the compactness setting
UPDATE grid_cell
   SET label = '第' || (right(code, 3)::int)::text || '网格'
 WHERE code IS NOT NULL
   AND right(code, 3)::int > 0
   AND label !~ '^第[1-9][0-9]*网格$';

-- cells below this Polsby-Popper compactness are flagged (as a warning) in a plan's integrity list
INSERT INTO setting (key, value, description) VALUES
  ('grid.minCompactness', '0.35', 'Cells whose compactness (Polsby-Popper 4π·area/perimeter², 1 = a circle) is below this are flagged in the integrity list')
ON CONFLICT (key) DO NOTHING;
