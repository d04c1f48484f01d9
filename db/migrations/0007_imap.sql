ALTER TABLE "imap_mailboxes" ADD COLUMN "last_succeeded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imap_mailboxes" ADD COLUMN "last_poll_stored" integer DEFAULT 0 NOT NULL;