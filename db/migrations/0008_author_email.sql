ALTER TABLE "messages" ADD COLUMN "author_email" text;--> statement-breakpoint
UPDATE "messages" SET "author_email" = lower(substring("author_name" from '<([^<>]+)>\s*$')) WHERE "author_kind" = 'agent' AND "author_name" IS NOT NULL;
