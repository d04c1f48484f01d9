ALTER TABLE "users" ADD COLUMN "sso_subject" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "approval_round" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "change_digest" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "approval_round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "users_sso_subject_index" ON "users" USING btree ("sso_subject");