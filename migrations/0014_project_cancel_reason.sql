-- purpose: a cancelled facility project keeps why and when it was cancelled, so it stays listed as 已取消 with its reason
ALTER TABLE facility_project ADD COLUMN cancel_reason text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 200);
ALTER TABLE facility_project ADD COLUMN cancelled_at date;
