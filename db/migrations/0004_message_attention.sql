ALTER TYPE "public"."message_status" ADD VALUE 'unmatched';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'needs_information';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'answered';--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "flags" text[];--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "pending_requests" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "answered_at" timestamp with time zone;