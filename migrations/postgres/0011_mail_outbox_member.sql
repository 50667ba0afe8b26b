-- 0011: each e-mail records the member it is about, so that "Mes données" lists a member's
-- e-mails by NIR and never another member's mail sent to a shared family address. Rows from
-- before carry '' and are listed for no one.
ALTER TABLE mail_outbox ADD COLUMN nir13 TEXT NOT NULL DEFAULT '';
CREATE INDEX mail_outbox_by_member ON mail_outbox(nir13, created_at);
