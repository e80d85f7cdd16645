-- purpose: the participant types every grid cell should have (roster rule "missing participant types", PRODUCT §5.4)
INSERT INTO setting (key, value, description) VALUES
  ('staffing.requiredParticipantTypes', '["community_cadre", "party_group_leader", "resident_representative", "volunteer"]',
   'Person types every grid cell should count among its assigned people')
ON CONFLICT (key) DO NOTHING;
