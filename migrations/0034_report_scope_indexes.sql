-- purpose: the coverage report looks up compound-wide party organisations by compound in a small index instead of reading every party organisation of the installation, so a county's or a page's report no longer costs a pass over the whole town's organisations

-- The report asks, for each residential building, whether a party organisation covers its whole
-- compound. Without an index on the compound that question read every organisation of the
-- installation (76,166 at 1,000 communities, a tenth of them compound-wide) for any scope.
-- Partial: only compound-wide organisations are looked up by compound.
CREATE INDEX party_org_compound_idx ON party_org (compound_code, county_code) WHERE scope = 'compound';
